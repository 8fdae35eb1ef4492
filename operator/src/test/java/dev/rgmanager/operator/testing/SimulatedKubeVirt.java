package dev.rgmanager.operator.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A stand-in for KubeVirt's virt-controller and virt-handlers where no KubeVirt can run (no KVM, no
 * images): it watches VMIs, migrations, virt-launcher pods and nodes of a cluster whose kubevirt.io
 * API is only CRDs ({@link KubeVirtCrds}) and whose nodes kwok plays, and moves them as KubeVirt
 * does ({@link SimulatedVmis}, {@link SimulatedMigrations}); it runs no guest. Knobs make a guest
 * crash, a migration fail or wait, and an administrator start a VM by hand or a launcher run twice;
 * {@link #runningOn} and {@link #watchRunning} tell where each guest runs. All its work is done on
 * one thread of its own, woken by informers and timers; stopped by {@link #close()}.
 */
public final class SimulatedKubeVirt implements AutoCloseable {
  private static final Duration RETRY = Duration.ofMillis(250);
  private static final Duration CALL = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ScheduledExecutorService loop;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Knobs knobs = new Knobs();
  private final GuestProcesses processes = new GuestProcesses();
  private final LauncherPods launchers;
  private final SimulatedVmis vmis;
  private final SimulatedMigrations migrations;
  private final VirtualMachineStatuses vmStatuses;
  private final Caches caches;
  private final SharedIndexInformer<GenericKubernetesResource> vmiInformer;
  private final SharedIndexInformer<GenericKubernetesResource> migrationInformer;
  private final SharedIndexInformer<GenericKubernetesResource> vmInformer;
  private final SharedIndexInformer<Pod> podInformer;
  private final SharedIndexInformer<Node> nodeInformer;
  private volatile boolean closed;

  private SimulatedKubeVirt(KubernetesClient client) {
    this.client = client;
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "simulated-kubevirt");
              t.setDaemon(true);
              return t;
            });
    this.vmiInformer =
        client
            .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE)
            .inAnyNamespace()
            .runnableInformer(0);
    this.migrationInformer =
        client
            .genericKubernetesResources(KubeVirtCrds.MIGRATION)
            .inAnyNamespace()
            .runnableInformer(0);
    this.vmInformer =
        client
            .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE)
            .inAnyNamespace()
            .runnableInformer(0);
    this.podInformer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(KubeVirtNames.APP_LABEL, KubeVirtNames.VIRT_LAUNCHER)
            .runnableInformer(0);
    this.nodeInformer = client.nodes().runnableInformer(0);
    this.caches = new Caches();
    KubeVirtEdits edits = new KubeVirtEdits(client);
    this.launchers = new LauncherPods(client);
    this.vmis = new SimulatedVmis(caches, launchers, edits, processes);
    this.migrations =
        new SimulatedMigrations(
            caches,
            launchers,
            edits,
            processes,
            vmis,
            knobs,
            (key, after) -> later("vmim", key, after));
    this.vmStatuses = new VirtualMachineStatuses(caches, edits);
  }

  /** Starts the simulation on {@code client}'s cluster, its caches filled before it returns. */
  public static SimulatedKubeVirt start(KubernetesClient client) {
    SimulatedKubeVirt kv = new SimulatedKubeVirt(client);
    kv.vmiInformer.addEventHandler(kv.on(r -> kv.vmiChanged(r)));
    kv.migrationInformer.addEventHandler(kv.on(r -> kv.enqueue("vmim", key(r))));
    kv.vmInformer.addEventHandler(kv.on(r -> kv.enqueue("vm", key(r))));
    kv.podInformer.addEventHandler(kv.on(kv::podChanged));
    kv.nodeInformer.addEventHandler(kv.on(n -> kv.everything()));
    for (SharedIndexInformer<?> i :
        List.of(
            kv.nodeInformer, kv.podInformer, kv.vmInformer, kv.migrationInformer, kv.vmiInformer)) {
      i.start().toCompletableFuture().join();
    }
    return kv;
  }

  /** Stops watching and acting; what it made stays as it is. */
  @Override
  public void close() {
    closed = true;
    List.of(vmiInformer, migrationInformer, vmInformer, podInformer, nodeInformer)
        .forEach(SharedIndexInformer::close);
    loop.shutdownNow();
  }

  /** The guest of VMI {@code namespace/vmi} crashes: its launcher pod's container exits, Failed. */
  public void crash(String namespace, String vmi) {
    call(
        () -> {
          String pod =
              vmis.launcherPod(namespace, vmi)
                  .orElseThrow(
                      () ->
                          new IllegalStateException("no launcher pod of " + namespace + "/" + vmi));
          Pod p = client.pods().inNamespace(namespace).withName(pod).get();
          if (p == null) {
            throw new IllegalStateException("launcher pod " + pod + " is gone");
          }
          processes.stop(p.getMetadata().getUid());
          launchers.crash(p);
          return null;
        });
  }

  /**
   * The next migration of VMI {@code namespace/vmi} fails at the end of its copy with {@code
   * reason}: the target pod deleted, the VMI left on its source.
   */
  public void failNextMigration(String namespace, String vmi, String reason) {
    knobs.failures.put(namespace + "/" + vmi, reason);
  }

  /** Migrations stay Running, their copy unfinished, until {@link #releaseMigrations()}. */
  public void holdMigrations() {
    knobs.held = true;
  }

  /** Lets held migrations complete. */
  public void releaseMigrations() {
    knobs.held = false;
    everything();
  }

  /** How long a migration's copy takes once Running (default 1 s). */
  public void copyTime(Duration copy) {
    knobs.copyTime = copy;
  }

  /**
   * How long a migration's target pod may stay unbound before the migration fails (default 10 s;
   * KubeVirt's is 5 minutes for an unschedulable target).
   */
  public void pendingTargetTimeout(Duration timeout) {
    knobs.pendingTargetTimeout = timeout;
  }

  /**
   * What an administrator's start of VirtualMachine {@code namespace/vmName} on {@code node} does
   * behind the operator's back: a VMI of the VM's name from its spec.template (labels and
   * annotations too), owned by the VM, with nodeSelector kubernetes.io/hostname={@code node}.
   */
  public GenericKubernetesResource startByHand(String namespace, String vmName, String node) {
    GenericKubernetesResource vm =
        client
            .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE)
            .inNamespace(namespace)
            .withName(vmName)
            .get();
    if (vm == null) {
      throw new IllegalArgumentException("no VirtualMachine " + namespace + "/" + vmName);
    }
    Map<String, Object> template = Unstructured.map(vm, "spec", "template");
    Map<String, Object> spec =
        new LinkedHashMap<>(Unstructured.map(vm, "spec", "template", "spec"));
    Map<String, Object> selector =
        new LinkedHashMap<>(Unstructured.map(vm, "spec", "template", "spec", "nodeSelector"));
    selector.put("kubernetes.io/hostname", node);
    spec.put("nodeSelector", selector);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", vmName);
    metadata.put("namespace", namespace);
    if (template.get("metadata") instanceof Map<?, ?> tm) {
      if (tm.get("labels") != null) {
        metadata.put("labels", tm.get("labels"));
      }
      if (tm.get("annotations") != null) {
        metadata.put("annotations", tm.get("annotations"));
      }
    }
    metadata.put(
        "ownerReferences",
        List.of(
            Map.of(
                "apiVersion",
                "kubevirt.io/v1",
                "kind",
                "VirtualMachine",
                "name",
                vmName,
                "uid",
                vm.getMetadata().getUid(),
                "controller",
                true,
                "blockOwnerDeletion",
                true)));
    Map<String, Object> vmi = new LinkedHashMap<>();
    vmi.put("apiVersion", "kubevirt.io/v1");
    vmi.put("kind", "VirtualMachineInstance");
    vmi.put("metadata", metadata);
    vmi.put("spec", spec);
    GenericKubernetesResource r =
        client.getKubernetesSerialization().convertValue(vmi, GenericKubernetesResource.class);
    return client
        .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE)
        .inNamespace(namespace)
        .resource(r)
        .create();
  }

  /**
   * A second launcher pod of VMI {@code namespace/vmi}, bound to {@code node} whatever its state,
   * that kwok runs: the VM's guest running twice (for the operator's two-places report).
   */
  public Pod strayLauncher(String namespace, String vmi, String node) {
    GenericKubernetesResource v =
        client
            .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE)
            .inNamespace(namespace)
            .withName(vmi)
            .get();
    if (v == null) {
      throw new IllegalArgumentException("no VMI " + namespace + "/" + vmi);
    }
    Pod pod = launchers.create(v, Map.of("kubernetes.io/hostname", node), Map.of(), Map.of());
    launchers.bind(pod, node);
    return pod;
  }

  /**
   * The nodes the guest of VMI {@code namespace/vmi} runs on now, read from the API server: those
   * of its launcher pods that are Running, not terminating, not crashed or migrated away from, and
   * no migration target before its handover.
   */
  public Set<String> runningOn(String namespace, String vmi) {
    return processes.runningOn(
        vmi,
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(KubeVirtNames.APP_LABEL, KubeVirtNames.VIRT_LAUNCHER)
            .list()
            .getItems());
  }

  /** Records from now on every change of {@link #runningOn} for VMI {@code namespace/vmi}. */
  public RunningHistory watchRunning(String namespace, String vmi) {
    return call(
        () -> processes.watch(namespace, vmi, processes.runningOn(vmi, caches.pods(namespace))));
  }

  private void vmiChanged(GenericKubernetesResource vmi) {
    String ns = vmi.getMetadata().getNamespace();
    String name = vmi.getMetadata().getName();
    enqueue("vmi", ns + "/" + name);
    enqueue("vm", ns + "/" + name);
    for (GenericKubernetesResource m : migrationInformer.getStore().list()) {
      if (ns.equals(m.getMetadata().getNamespace())
          && name.equals(Unstructured.string(m, "spec", "vmiName"))) {
        enqueue("vmim", key(m));
      }
    }
  }

  private void podChanged(Pod pod) {
    String ns = pod.getMetadata().getNamespace();
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners != null) {
      owners.stream()
          .filter(o -> "VirtualMachineInstance".equals(o.getKind()))
          .forEach(o -> enqueue("vmi", ns + "/" + o.getName()));
    }
    String migration =
        pod.getMetadata().getAnnotations() == null
            ? null
            : pod.getMetadata().getAnnotations().get(KubeVirtNames.MIGRATION_JOB_NAME_ANNOTATION);
    if (migration != null) {
      enqueue("vmim", ns + "/" + migration);
    }
    submit(() -> processes.changed(ns, caches.pods(ns)));
  }

  /** Every VMI, VM and migration looked at again (a node changed, migrations released). */
  private void everything() {
    vmiInformer.getStore().list().forEach(r -> enqueue("vmi", key(r)));
    migrationInformer.getStore().list().forEach(r -> enqueue("vmim", key(r)));
  }

  private void enqueue(String kind, String key) {
    if (queued.add(kind + " " + key)) {
      submit(
          () -> {
            queued.remove(kind + " " + key);
            reconcile(kind, key);
          });
    }
  }

  private void later(String kind, String key, Duration after) {
    if (closed) {
      return;
    }
    try {
      loop.schedule(() -> enqueue(kind, key), after.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private void reconcile(String kind, String key) {
    String[] nsName = key.split("/", 2);
    try {
      switch (kind) {
        case "vmi" -> vmis.reconcile(nsName[0], nsName[1]);
        case "vmim" -> migrations.reconcile(nsName[0], nsName[1]);
        case "vm" -> vmStatuses.reconcile(nsName[0], nsName[1]);
        default -> throw new IllegalArgumentException(kind);
      }
    } catch (KubernetesClientException e) {
      if (!closed) {
        // a conflict with another writer, or a 404 of an object just deleted: look again shortly
        System.err.println("simulated-kubevirt: " + kind + " " + key + ": " + e.getMessage());
        later(kind, key, RETRY);
      }
    } catch (RuntimeException e) {
      if (!closed) {
        System.err.println("simulated-kubevirt: " + kind + " " + key + " failed");
        e.printStackTrace();
        later(kind, key, RETRY);
      }
    }
  }

  private void submit(Runnable r) {
    if (closed) {
      return;
    }
    try {
      loop.execute(r);
    } catch (RejectedExecutionException e) {
      // closed meanwhile
    }
  }

  private <T> T call(Callable<T> c) {
    try {
      return loop.submit(c).get(CALL.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the simulation did not answer within " + CALL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private <T extends HasMetadata> ResourceEventHandler<T> on(Consumer<T> changed) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        changed.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        changed.accept(obj);
      }
    };
  }

  private static String key(HasMetadata r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  /** The knobs a test turns, read by the simulation's thread. */
  static final class Knobs {
    private volatile Duration copyTime = Duration.ofSeconds(1);
    private volatile Duration pendingTargetTimeout = Duration.ofSeconds(10);
    private volatile boolean held;
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    Duration copyTime() {
      return copyTime;
    }

    Duration pendingTargetTimeout() {
      return pendingTargetTimeout;
    }

    boolean held() {
      return held;
    }

    /** The failure injected for the next migration of {@code namespace/vmi}, taken once. */
    Optional<String> takeFailure(String namespace, String vmi) {
      return Optional.ofNullable(failures.remove(namespace + "/" + vmi));
    }
  }

  /** What the simulation sees: its informers' caches, and a few reads of the API server. */
  final class Caches {
    GenericKubernetesResource vmi(String namespace, String name) {
      return vmiInformer.getStore().getByKey(namespace + "/" + name);
    }

    GenericKubernetesResource vm(String namespace, String name) {
      return vmInformer.getStore().getByKey(namespace + "/" + name);
    }

    GenericKubernetesResource migration(String namespace, String name) {
      return migrationInformer.getStore().getByKey(namespace + "/" + name);
    }

    /** Migrations in {@code namespace} of VMI {@code vmi}. */
    List<GenericKubernetesResource> migrationsOf(String namespace, String vmi) {
      return migrationInformer.getStore().list().stream()
          .filter(m -> namespace.equals(m.getMetadata().getNamespace()))
          .filter(m -> vmi.equals(Unstructured.string(m, "spec", "vmiName")))
          .toList();
    }

    Pod pod(String namespace, String name) {
      return name == null ? null : podInformer.getStore().getByKey(namespace + "/" + name);
    }

    /** The launcher pods of {@code namespace}. */
    List<Pod> pods(String namespace) {
      return podInformer.getStore().list().stream()
          .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
          .toList();
    }

    /** The launcher pods of VMI {@code name} with UID {@code uid}. */
    List<Pod> launchers(String namespace, String name, String uid) {
      return pods(namespace).stream()
          .filter(p -> uid.equals(p.getMetadata().getLabels().get(KubeVirtNames.CREATED_BY_LABEL)))
          .filter(p -> GuestProcesses.launcherOf(p, name))
          .toList();
    }

    List<Node> nodes() {
      return nodeInformer.getStore().list();
    }

    List<GenericKubernetesResource> migrationPolicies() {
      return client.genericKubernetesResources(KubeVirtCrds.MIGRATION_POLICY).list().getItems();
    }

    Map<String, String> namespaceLabels(String namespace) {
      Namespace n = client.namespaces().withName(namespace).get();
      return n == null || n.getMetadata().getLabels() == null
          ? Map.of()
          : n.getMetadata().getLabels();
    }

    /** The object as the API server has it now, or null. */
    GenericKubernetesResource fresh(GenericKubernetesResource vmi) {
      return client
          .genericKubernetesResources(KubeVirtCrds.VIRTUAL_MACHINE_INSTANCE)
          .inNamespace(vmi.getMetadata().getNamespace())
          .withName(vmi.getMetadata().getName())
          .get();
    }
  }
}
