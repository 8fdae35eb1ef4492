package dev.rgmanager.api.validation;

/**
 * One refusal of a manifest document, worded as the API server words it.
 *
 * @param source the file (or other source) the document came from
 * @param document the document's position in its source, counting from 1
 * @param resource the document's kind and name, for example {@code ClusterService/foo}
 * @param field the field path, for example {@code spec.resources[0].children[1]}
 * @param message the error text after the field, for example {@code Required value}
 */
public record ManifestError(
    String source, int document, String resource, String field, String message) {

  /** The line a user reads: where, which object, and the API server's wording. */
  @Override
  public String toString() {
    return source + " (document " + document + ", " + resource + "): " + field + ": " + message;
  }
}
