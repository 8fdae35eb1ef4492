package dev.rgmanager.operator.resource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rgmanager.api.v1alpha1.ClusterService;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The floating address writes only the Service it made for itself: a Service of the same name that
 * someone else made, or that is another address's, fails the start and is left as it was.
 */
class AddressActuatorTest {
  private static final TreeEntry IP = TreePlanTest.FOO.startOrder().get(2);
  // The name foo's address takes (derived names end in a hash of the service and resource).
  private static final String FOO_IP = Names.child("foo", IP.name());

  /**
   * The API server's Services and the informer's cache of them, which (as the operator's informer
   * does) sees only those labelled as the operator's, and lags when told to.
   */
  static final class FakeServices implements AddressServices {
    final Map<String, Service> server = new HashMap<>();
    final Map<String, Service> unseen = new HashMap<>();
    final List<Service> applied = new ArrayList<>();
    int reads;

    @Override
    public Service address(String namespace, String name) {
      String key = namespace + "/" + name;
      Service s = server.get(key);
      boolean labelled =
          s != null
              && s.getMetadata().getLabels() != null
              && Labels.OPERATOR.equals(s.getMetadata().getLabels().get(Labels.MANAGED_BY));
      return labelled && !unseen.containsKey(key) ? copy(s) : null;
    }

    @Override
    public Service liveAddress(String namespace, String name) {
      reads++;
      Service s = server.get(namespace + "/" + name);
      return s == null ? null : copy(s);
    }

    @Override
    public void applyAddress(Service desired) {
      applied.add(desired);
      server.put(
          desired.getMetadata().getNamespace() + "/" + desired.getMetadata().getName(), desired);
    }

    void put(Service s) {
      server.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
    }

    Service get(String name) {
      return server.get("ha/" + name);
    }
  }

  private static Service copy(Service s) {
    return Serialization.clone(s);
  }

  private static ClusterService service(String name, String uid) {
    ClusterService svc = new ClusterService();
    svc.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace("ha").withUid(uid).build());
    return svc;
  }

  private static final ClusterService FOO = service("foo", "u1");

  /** A Service someone made by hand, with the name the address would take. */
  private static Service foreign() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(FOO_IP)
        .withNamespace("ha")
        .withLabels(Map.of("app", "web"))
        .endMetadata()
        .withNewSpec()
        .withSelector(Map.of("app", "web"))
        .addNewPort()
        .withPort(443)
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void aFreshAddressIsCreatedRoutingToTheOwner() {
    FakeServices services = new FakeServices();
    AddressActuator ip = new AddressActuator(services);
    assertThat(ip.observe(FOO, IP, "node-1").health()).isEqualTo(ResourceHealth.STOPPED);

    ip.start(FOO, IP, "node-1");

    Service made = services.get(FOO_IP);
    assertThat(services.applied).hasSize(1);
    assertThat(made.getSpec().getSelector()).containsEntry(Labels.OWNER, "node-1");
    assertThat(made.getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR)
        .containsEntry(Labels.SERVICE, "foo")
        .containsEntry(Labels.RESOURCE, "ip");
    assertThat(made.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo("u1"));
    assertThat(ip.observe(FOO, IP, "node-1").health()).isEqualTo(ResourceHealth.STARTED);

    // The next start (a relocation) finds its own Service in the cache: no read, a new route.
    int reads = services.reads;
    ip.start(FOO, IP, "node-2");
    assertThat(services.reads).isEqualTo(reads);
    assertThat(services.get(FOO_IP).getSpec().getSelector()).containsEntry(Labels.OWNER, "node-2");
  }

  @Test
  void aServiceSomeoneElseMadeIsNeverTakenOver() {
    FakeServices services = new FakeServices();
    services.put(foreign());
    String before = Serialization.asJson(services.get(FOO_IP));
    AddressActuator ip = new AddressActuator(services);

    ip.start(FOO, IP, "node-1");

    assertThat(services.applied).isEmpty();
    assertThat(Serialization.asJson(services.get(FOO_IP))).isEqualTo(before);
    Observation seen = ip.observe(FOO, IP, "node-1");
    assertThat(seen.health()).isEqualTo(ResourceHealth.FAILED);
    assertThat(seen.message())
        .isEqualTo(
            "Service ha/"
                + FOO_IP
                + " exists and was not created by rgmanager-operator; rename the"
                + " address resource or delete the Service");
    // Stopping the failed start leaves it alone too.
    assertThat(ip.stopped(FOO, IP)).isTrue();
    ip.stop(FOO, IP);
    assertThat(services.applied).isEmpty();
    assertThat(Serialization.asJson(services.get(FOO_IP))).isEqualTo(before);
  }

  @Test
  void theOperatorsLabelsWithoutAClusterServiceOwnerAreNotEnough() {
    FakeServices services = new FakeServices();
    Service copied =
        new ServiceBuilder(foreign())
            .editMetadata()
            .withLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.SERVICE, "foo"))
            .endMetadata()
            .build();
    services.put(copied);
    AddressActuator ip = new AddressActuator(services);

    assertThat(ip.observe(FOO, IP, "node-1").message()).contains("was not created by");
    ip.start(FOO, IP, "node-1");
    ip.stop(FOO, IP);

    assertThat(services.applied).isEmpty();
  }

  @Test
  void anotherServicesAddressIsLeftAlone() {
    FakeServices services = new FakeServices();
    // bar's address has serviceName FOO_IP: the name foo's address would take.
    ClusterService bar = service("bar", "u2");
    Service barsAddress =
        new ServiceBuilder()
            .withNewMetadata()
            .withName(FOO_IP)
            .withNamespace("ha")
            .withLabels(Labels.of(bar, "ip", "node-3"))
            .withOwnerReferences(Labels.ownerReference(bar))
            .endMetadata()
            .withNewSpec()
            .withSelector(Map.of(Labels.SERVICE, "bar", Labels.OWNER, "node-3"))
            .endSpec()
            .build();
    services.put(barsAddress);
    String before = Serialization.asJson(barsAddress);
    AddressActuator ip = new AddressActuator(services);

    Observation seen = ip.observe(FOO, IP, "node-1");
    ip.start(FOO, IP, "node-1");
    ip.stop(FOO, IP);

    assertThat(seen.health()).isEqualTo(ResourceHealth.FAILED);
    assertThat(seen.message())
        .isEqualTo(
            "Service ha/"
                + FOO_IP
                + " is the address of ClusterService bar (resource ip); give this"
                + " address resource another name or serviceName");
    assertThat(ip.stopped(FOO, IP)).isTrue();
    assertThat(services.applied).isEmpty();
    assertThat(Serialization.asJson(services.get(FOO_IP))).isEqualTo(before);
  }

  @Test
  void aServiceInTheWayThatIsDeletedLetsTheNextStartThrough() {
    FakeServices services = new FakeServices();
    services.put(foreign());
    AddressActuator ip = new AddressActuator(services);
    ip.start(FOO, IP, "node-1");
    assertThat(ip.observe(FOO, IP, "node-1").health()).isEqualTo(ResourceHealth.FAILED);

    services.server.clear();

    assertThat(ip.observe(FOO, IP, "node-1").health()).isEqualTo(ResourceHealth.STOPPED);
    ip.start(FOO, IP, "node-1");
    assertThat(services.get(FOO_IP).getMetadata().getLabels())
        .containsEntry(Labels.MANAGED_BY, Labels.OPERATOR);
    // Once out of the way, it is not read from the API server on every look.
    int reads = services.reads;
    ip.observe(FOO, IP, "node-1");
    ip.observe(FOO, IP, "node-1");
    assertThat(services.reads).isEqualTo(reads);
  }

  @Test
  void itsOwnServiceNotYetInTheCacheIsRouted() {
    FakeServices services = new FakeServices();
    AddressActuator ip = new AddressActuator(services);
    ip.start(FOO, IP, "node-1");
    // A new leader: the informer has not listed the previous leader's Service yet.
    services.unseen.put("ha/" + FOO_IP, services.get(FOO_IP));
    AddressActuator next = new AddressActuator(services);

    next.start(FOO, IP, "node-2");

    assertThat(services.applied).hasSize(2);
    assertThat(services.get(FOO_IP).getSpec().getSelector()).containsEntry(Labels.OWNER, "node-2");
  }
}
