package dev.rgmanager.operator.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Names derived from a service and its resources never collide and are always DNS-1123 labels. */
class NamesTest {
  private static final String DNS_1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

  @Test
  void aServiceAndAResourceWithADashAreNotAnotherPairJoined() {
    assertThat(Names.child("db", "app-x")).isNotEqualTo(Names.child("db-app", "x"));
    assertThat(Names.child("db", "app-x", "node-1"))
        .isNotEqualTo(Names.child("db-app", "x", "node-1"));
  }

  @Test
  void aNameKeepsItsReadablePrefix() {
    assertThat(Names.child("db", "web", "node-1")).startsWith("db-web-node-1-");
    assertThat(Names.child("db", "web", "node-1")).matches(DNS_1123_LABEL).hasSizeLessThan(64);
  }

  @Test
  void longPartsAndDottedNodeNamesStillGiveALabel() {
    String service = "s".repeat(63);
    String node = "node-1.rack-2.example.com";
    assertThat(Names.child(service, "app", node)).matches(DNS_1123_LABEL).hasSize(63);
    assertThat(Names.child("db", "app", node)).matches(DNS_1123_LABEL);
    assertThat(Names.child(service, "app-1")).isNotEqualTo(Names.child(service, "app-2"));
  }

  @Property(tries = 2000)
  void distinctPairsGiveDistinctLabels(
      @ForAll("pairs") List<String> a, @ForAll("pairs") List<String> b) {
    Assume.that(!a.equals(b));
    String nameA = Names.child(a.toArray(String[]::new));
    String nameB = Names.child(b.toArray(String[]::new));
    assertThat(nameA).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
    assertThat(nameB).matches(DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
    assertThat(nameA).isNotEqualTo(nameB);
  }

  /**
   * (service, resource) pairs from a small alphabet rich in dashes, so that joined forms often
   * coincide; services are object names (dots allowed), resources are labels.
   */
  @Provide
  Arbitrary<List<String>> pairs() {
    Arbitrary<String> service = name("abc-.", 63);
    Arbitrary<String> resource = name("ab-", 63);
    return Combinators.combine(service, resource).as(List::of);
  }

  private static Arbitrary<String> name(String inner, int max) {
    Arbitrary<Character> edge = Arbitraries.of('a', 'b', '1');
    Arbitrary<String> middle =
        Arbitraries.strings().withChars(inner.toCharArray()).ofMaxLength(max - 2);
    return Combinators.combine(edge, middle, edge)
        .as((first, mid, last) -> mid.isEmpty() ? "" + first : first + mid + last)
        .filter(s -> s.length() <= max && !s.contains(".."));
  }
}
