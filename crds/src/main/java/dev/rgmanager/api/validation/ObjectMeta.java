package dev.rgmanager.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The checks the API server makes on every object's metadata before the CRD schema's. */
final class ObjectMeta {
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "generateName",
          "namespace",
          "labels",
          "annotations",
          "finalizers",
          "ownerReferences",
          "uid",
          "resourceVersion",
          "generation",
          "creationTimestamp",
          "deletionTimestamp",
          "deletionGracePeriodSeconds",
          "managedFields",
          "selfLink");

  private static final String SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final Pattern NAME = Pattern.compile(SUBDOMAIN);
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern NAMESPACE = Pattern.compile(LABEL);

  private ObjectMeta() {}

  static void validate(JsonNode metadata, List<FieldError> errors) {
    if (metadata == null || !metadata.isObject()) {
      errors.add(
          new FieldError("metadata.name", "Required value: name or generateName is required"));
      return;
    }
    for (Iterator<String> it = metadata.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        String path = "metadata." + field;
        errors.add(new FieldError(path, "unknown field \"" + path + "\""));
      }
    }
    JsonNode namespace = metadata.get("namespace");
    if (namespace != null
        && (namespace.asText().length() > 63 || !NAMESPACE.matcher(namespace.asText()).matches())) {
      errors.add(
          FieldError.invalid(
              "metadata.namespace",
              StructuralValidator.quote(namespace.asText()),
              "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or"
                  + " '-', and must start and end with an alphanumeric character (e.g. 'my-name', "
                  + " or '123-abc', regex used for validation is '"
                  + LABEL
                  + "')"));
    }
    JsonNode name = metadata.get("name");
    if (name == null || name.asText().isEmpty()) {
      if (!metadata.hasNonNull("generateName")) {
        errors.add(
            new FieldError("metadata.name", "Required value: name or generateName is required"));
      }
      return;
    }
    String text = name.asText();
    if (text.length() > 253 || !NAME.matcher(text).matches()) {
      errors.add(
          FieldError.invalid(
              "metadata.name",
              StructuralValidator.quote(text),
              "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters,"
                  + " '-' or '.', and must start and end with an alphanumeric character (e.g."
                  + " 'example.com', regex used for validation is '"
                  + SUBDOMAIN
                  + "')"));
    }
  }
}
