package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A reference to credentials kept in a Kubernetes Secret in the FenceDevice's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretKeyRef(
    @Required
        @Pattern(ApiConstants.NAME_PATTERN)
        @JsonPropertyDescription("Name of the Secret, in the same namespace as the FenceDevice.")
        String name,
    @JsonPropertyDescription("Key of the user name in the Secret. Default: username.")
        @Default(Defaults.USERNAME_KEY)
        String usernameKey,
    @JsonPropertyDescription("Key of the password in the Secret. Default: password.")
        @Default(Defaults.PASSWORD_KEY)
        String passwordKey) {

  public String usernameKeyOrDefault() {
    return usernameKey == null ? Defaults.USERNAME_KEY : usernameKey;
  }

  public String passwordKeyOrDefault() {
    return passwordKey == null ? Defaults.PASSWORD_KEY : passwordKey;
  }
}
