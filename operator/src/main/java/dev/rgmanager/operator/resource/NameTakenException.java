package dev.rgmanager.operator.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An object the operator would create already exists under that name and is not this service's:
 * taking it over, or counting it as started, would run or route someone else's object.
 */
public final class NameTakenException extends RuntimeException {
  NameTakenException(HasMetadata existing) {
    super(
        existing.getKind()
            + " "
            + existing.getMetadata().getNamespace()
            + "/"
            + existing.getMetadata().getName()
            + " already exists and "
            + Ownership.describe(existing)
            + ": rename or delete that object, or rename this service's resource");
  }
}
