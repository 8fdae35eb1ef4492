package dev.rgmanager.e2e;

import dev.rgmanager.operator.testing.ControlPlane;
import java.nio.file.Path;

/**
 * PostgreSQL on real nodes: its data on the shared storage (a PersistentVolume of a host directory
 * every node sees), run as a ClusterService, or as the StatefulSet or Deployment a user has without
 * this operator.
 */
public final class PostgresManifests {
  private PostgresManifests() {}

  /**
   * The server's container: PostgreSQL 15 with its data in /data/pgdata (initdb on first start,
   * crash recovery after a lost owner; SIGTERM makes a fast shutdown), ready when pg_isready
   * answers. A server that dies leaves the container running and not ready, so the readiness probe
   * tells whoever watches it. Indented to sit under "containers:" at {@code indent} spaces.
   */
  static String container(int indent) {
    String c =
        """
        - name: postgres
          image: localhost/rgm/postgres:15
          imagePullPolicy: Never
          env:
            - {name: PGDATA, value: /data/pgdata}
          command:
            - /bin/bash
            - -c
            - |
              if [ ! -s "$PGDATA/PG_VERSION" ]; then
                initdb -U postgres --auth=trust >/dev/null
                echo "host all all 198.18.0.0/15 trust" >>"$PGDATA/pg_hba.conf"
                echo "initialized $PGDATA"
              else
                echo "existing $PGDATA"
              fi
              postgres -k /run/pg -c listen_addresses='*' & pid=$!
              trap 'kill -INT $pid; wait $pid; exit 0' TERM
              wait $pid
              echo "postgres exited with status $?"
              while true; do sleep 1; done
          readinessProbe:
            exec:
              command: [pg_isready, -q, -h, /run/pg, -U, postgres]
            periodSeconds: 1
            failureThreshold: 1
          volumeMounts:
            - {name: sock, mountPath: /run/pg}
        """;
    return c.indent(indent);
  }

  /**
   * The shared directory "pg" of {@code cp}'s real nodes, created for the image's postgres user and
   * group (100:102) with mode 0700: the server refuses a data directory others can read.
   */
  public static Path dataDirectory(ControlPlane cp) throws java.io.IOException {
    Path dir = cp.sharedDir().resolve("pg");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.setAttribute(dir, "unix:uid", 100);
    java.nio.file.Files.setAttribute(dir, "unix:gid", 102);
    java.nio.file.Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return dir;
  }

  /**
   * The host directory {@code dir} as the PersistentVolume {@code volume}, and the claim {@code
   * claim} in {@code ns} bound to it.
   */
  public static String sharedVolume(Path dir, String volume, String ns, String claim) {
    return """
        apiVersion: v1
        kind: PersistentVolume
        metadata:
          name: VOLUME
        spec:
          capacity: {storage: 1Gi}
          accessModes: [ReadWriteOnce]
          persistentVolumeReclaimPolicy: Retain
          storageClassName: shared
          hostPath: {path: DIR, type: Directory}
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: CLAIM
          namespace: NS
        spec:
          accessModes: [ReadWriteOnce]
          storageClassName: shared
          volumeName: VOLUME
          resources:
            requests: {storage: 1Gi}
        ---
        """
        .replace("VOLUME", volume)
        .replace("DIR", dir.toString())
        .replace("CLAIM", claim)
        .replace("NS", ns);
  }

  /**
   * The ClusterService db in {@code ns}: the claim db-data mounted at /data, the server in it, and
   * the floating address db-ip on 5432, in the FailoverDomain abc; checked every 2 s, at most one
   * restart in place per 5 minutes, then it relocates.
   */
  public static String service(String ns) {
    return """
        apiVersion: rgmanager.dev/v1alpha1
        kind: ClusterService
        metadata:
          name: db
          namespace: NS
        spec:
          domain: abc
          statusInterval: 2s
          recovery: restart
          maxRestarts: 1
          restartExpireTime: 300s
          resources:
            - name: data
              volume:
                claimName: db-data
                mountPath: /data
              children:
                - name: postgres
                  app:
                    template:
                      spec:
                        terminationGracePeriodSeconds: 10
                        securityContext: {runAsUser: 100, runAsGroup: 102}
                        containers:
        CONTAINER\
                        volumes:
                          - name: sock
                            emptyDir: {medium: Memory}
            - name: ip
              ip:
                serviceName: db-ip
                ports:
                  - port: 5432
                    targetPort: 5432
        ---
        """
        .replace("NS", ns)
        .replace("CONTAINER", container(18));
  }

  /**
   * The same server as Kubernetes runs it without this operator: a StatefulSet or a Deployment
   * ({@code kind}) named {@code name} of one replica, its pod on the claim db-data, behind the
   * Service {@code name}. {@code tolerationSeconds}: how long its pod stays bound to an unreachable
   * node before Kubernetes evicts it (300 by default).
   */
  public static String workload(String kind, String name, String ns, int tolerationSeconds) {
    return """
        apiVersion: apps/v1
        kind: KIND
        metadata:
          name: NAME
          namespace: NS
        spec:
          replicas: 1
        SERVICENAME\
          selector:
            matchLabels: {app: NAME}
          template:
            metadata:
              labels: {app: NAME}
            spec:
              terminationGracePeriodSeconds: 10
              securityContext: {runAsUser: 100, runAsGroup: 102}
              tolerations:
                - {key: node.kubernetes.io/unreachable, operator: Exists, effect: NoExecute, tolerationSeconds: TOLERATION}
                - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: TOLERATION}
              containers:
        CONTAINER\
                  volumeMounts:
                    - {name: data, mountPath: /data}
                    - {name: sock, mountPath: /run/pg}
              volumes:
                - name: data
                  persistentVolumeClaim: {claimName: db-data}
                - name: sock
                  emptyDir: {medium: Memory}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: NAME
          namespace: NS
        spec:
          selector: {app: NAME}
          ports:
            - {port: 5432, targetPort: 5432}
        ---
        """
        .replace("SERVICENAME", kind.equals("StatefulSet") ? "  serviceName: NAME\n" : "")
        .replace("CONTAINER", withoutMounts(container(8)))
        .replace("KIND", kind)
        .replace("NAME", name)
        .replace("NS", ns)
        .replace("TOLERATION", String.valueOf(tolerationSeconds));
  }

  /** The container without its volumeMounts (the workload lists both of its own). */
  private static String withoutMounts(String container) {
    return container.substring(0, container.indexOf("volumeMounts:") - 2).stripTrailing() + "\n";
  }
}
