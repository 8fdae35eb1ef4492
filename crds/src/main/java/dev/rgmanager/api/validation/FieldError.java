package dev.rgmanager.api.validation;

/** A field path and the API server's wording of what is wrong there. */
record FieldError(String field, String message) {

  static FieldError required(String field) {
    return new FieldError(field, "Required value");
  }

  static FieldError invalid(String field, String shownValue, String detail) {
    return new FieldError(field, "Invalid value: " + shownValue + ": " + detail);
  }
}
