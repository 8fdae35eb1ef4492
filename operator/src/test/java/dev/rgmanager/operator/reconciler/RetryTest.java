package dev.rgmanager.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.Test;

/** A conflict is retried at once, anything else two seconds later. */
class RetryTest {
  @Test
  void aConflictIsRetriedAtOnceEvenWhenWrapped() {
    var conflict = new KubernetesClientException("the object has been modified", 409, null);
    assertThat(Retry.after(conflict)).isEqualTo(Retry.AFTER_CONFLICT);
    assertThat(Retry.after(new OperatorException("patch failed", conflict)))
        .isEqualTo(Retry.AFTER_CONFLICT);
  }

  @Test
  void otherFailuresWait() {
    assertThat(Retry.after(new KubernetesClientException("timeout", 504, null)))
        .isEqualTo(Retry.AFTER_FAILURE);
    assertThat(Retry.after(new IllegalStateException("x"))).isEqualTo(Retry.AFTER_FAILURE);
  }
}
