package dev.rgmanager.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired service (cluster.conf service): policies and the resource tree. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.maxRestarts) == has(self.restartExpireTime)",
    message =
        "spec.maxRestarts and spec.restartExpireTime go together: set both (a sliding restart"
            + " window) or neither")
@ValidationRule(
    value =
        "!has(self.stopTimeout) || self.resources.all(r, (!has(r.app) ||"
            + " !has(r.app.template.spec) ||"
            + " !has(r.app.template.spec.terminationGracePeriodSeconds) ||"
            + " r.app.template.spec.terminationGracePeriodSeconds <="
            + " duration(self.stopTimeout).getSeconds()) && (!has(r.children) ||"
            + " r.children.all(c, (!has(c.app) || !has(c.app.template.spec) ||"
            + " !has(c.app.template.spec.terminationGracePeriodSeconds) ||"
            + " c.app.template.spec.terminationGracePeriodSeconds <="
            + " duration(self.stopTimeout).getSeconds()) && (!has(c.children) ||"
            + " c.children.all(l, (!has(l.app) || !has(l.app.template.spec) ||"
            + " !has(l.app.template.spec.terminationGracePeriodSeconds) ||"
            + " l.app.template.spec.terminationGracePeriodSeconds <="
            + " duration(self.stopTimeout).getSeconds()))))))",
    message =
        "spec.resources: an app's template.spec.terminationGracePeriodSeconds exceeds"
            + " spec.stopTimeout: a stop would give up while the pod may still run; raise"
            + " stopTimeout or lower the grace period",
    fieldPath = ".stopTimeout")
public record ClusterServiceSpec(
    @JsonPropertyDescription(
            "FailoverDomain (same namespace) deciding where the service may run. No domain: any"
                + " online member.")
        @Pattern(ApiConstants.NAME_PATTERN)
        String domain,
    @JsonPropertyDescription(
            "Start the service when quorum forms (true) or leave it disabled (false). Default true.")
        @Default("" + Defaults.AUTOSTART)
        Boolean autostart,
    @JsonPropertyDescription(
            "Exclusive: runs only on a node that runs no other service, and nothing else starts"
                + " beside it. Default false.")
        @Default("" + Defaults.EXCLUSIVE)
        Boolean exclusive,
    @JsonPropertyDescription(
            "Recovery when a status check fails: restart, relocate, disable or restart-disable."
                + " Default restart.")
        @Default(Defaults.RECOVERY_JSON)
        RecoveryPolicy recovery,
    @JsonPropertyDescription(
            "Restarts tolerated within restartExpireTime before the service relocates (or is"
                + " disabled with restart-disable). Only together with restartExpireTime.")
        @Min(0)
        @Max(1000)
        Integer maxRestarts,
    @JsonPropertyDescription(
            "How long a restart is remembered in the sliding window (e.g. 300s). Only together"
                + " with maxRestarts. At least 1s.")
        @Pattern(ApiConstants.DURATION_PATTERN)
        @ValidationRule(
            value = AdmissionRules.AT_LEAST_1S,
            message =
                "spec.restartExpireTime must be at least 1s: a shorter window forgets every restart at once, so maxRestarts never counts")
        String restartExpireTime,
    @JsonPropertyDescription(
            "Another ClusterService (same namespace) that must be started before this one starts.")
        @Pattern(ApiConstants.NAME_PATTERN)
        String depend,
    @JsonPropertyDescription(
            "What happens to this service when its depend stops: hard stops it too (it starts"
                + " again once the dependency runs), soft only gates its start and leaves it running."
                + " Default hard.")
        @Default(Defaults.DEPEND_MODE_JSON)
        DependMode dependMode,
    @JsonPropertyDescription(
            "Desired state: enabled (run it), disabled (stop it and keep it down) or stopped (stop"
                + " it; re-evaluated at the next transition). Default enabled.")
        @Default(Defaults.STATE_JSON)
        DesiredState state,
    @JsonPropertyDescription(
            "Frozen: no status checks, no start, no stop, no failover, even if the owner dies."
                + " Default false.")
        @Default("" + Defaults.FROZEN)
        Boolean frozen,
    @JsonPropertyDescription(
            "How often the resource tree's status is checked. At least 1s. Default 30s.")
        @Default(Defaults.STATUS_INTERVAL)
        @Pattern(ApiConstants.DURATION_PATTERN)
        @ValidationRule(
            value = AdmissionRules.AT_LEAST_1S,
            message =
                "spec.statusInterval must be at least 1s: a shorter interval checks the resource tree in a hot loop")
        String statusInterval,
    @JsonPropertyDescription(
            "How long starting the tree may take before the start counts as failed. At least 1s."
                + " Default 5m.")
        @Default(Defaults.START_TIMEOUT)
        @Pattern(ApiConstants.DURATION_PATTERN)
        @ValidationRule(
            value = AdmissionRules.AT_LEAST_1S,
            message =
                "spec.startTimeout must be at least 1s: every start would fail before its pod could be scheduled")
        String startTimeout,
    @JsonPropertyDescription(
            "How long stopping the tree may take; a stop that does not finish puts the service in"
                + " failed. At least 1s, and at least every app's terminationGracePeriodSeconds."
                + " Default 2m.")
        @Default(Defaults.STOP_TIMEOUT)
        @Pattern(ApiConstants.DURATION_PATTERN)
        @ValidationRule(
            value = AdmissionRules.AT_LEAST_1S,
            message =
                "spec.stopTimeout must be at least 1s: every stop would fail (and the service be marked failed) before its pods could end")
        String stopTimeout,
    @Required
        @JsonPropertyDescription(
            "The resource tree: started parents first and siblings in the order given, stopped in"
                + " reverse. At most three levels deep. Resource names are unique in the tree.")
        @Size(min = 1, max = 16)
        @ValidationRule(
            value =
                "self.all(r, !has(r.children) || r.children.all(c, !self.exists(o, o.name =="
                    + " c.name) && self.all(o, o.name == r.name || !has(o.children) ||"
                    + " !o.children.exists(d, d.name == c.name))))",
            message = "spec.resources: resource names must be unique in the tree")
        @ValidationRule(
            value =
                "self.all(r, !has(r.children) || r.children.all(c, !has(c.children) ||"
                    + " c.children.all(l, !self.exists(o, o.name == l.name) && self.all(o,"
                    + " !has(o.children) || o.children.all(d, d.name != l.name && ((o.name =="
                    + " r.name && d.name == c.name) || !has(d.children) || !d.children.exists(e,"
                    + " e.name == l.name)))))))",
            message = "spec.resources: resource names must be unique in the tree")
        List<ServiceResource> resources) {

  /** This spec with another desired state. */
  public ClusterServiceSpec withState(DesiredState newState) {
    return new ClusterServiceSpec(
        domain,
        autostart,
        exclusive,
        recovery,
        maxRestarts,
        restartExpireTime,
        depend,
        dependMode,
        newState,
        frozen,
        statusInterval,
        startTimeout,
        stopTimeout,
        resources);
  }

  /** This spec frozen or unfrozen. */
  public ClusterServiceSpec withFrozen(boolean newFrozen) {
    return new ClusterServiceSpec(
        domain,
        autostart,
        exclusive,
        recovery,
        maxRestarts,
        restartExpireTime,
        depend,
        dependMode,
        state,
        newFrozen,
        statusInterval,
        startTimeout,
        stopTimeout,
        resources);
  }

  public boolean autostartOrDefault() {
    return autostart == null ? Defaults.AUTOSTART : autostart;
  }

  public boolean exclusiveOrDefault() {
    return exclusive == null ? Defaults.EXCLUSIVE : exclusive;
  }

  public RecoveryPolicy recoveryOrDefault() {
    return recovery == null ? Defaults.RECOVERY : recovery;
  }

  public DependMode dependModeOrDefault() {
    return dependMode == null ? Defaults.DEPEND_MODE : dependMode;
  }

  public DesiredState stateOrDefault() {
    return state == null ? Defaults.STATE : state;
  }

  public boolean frozenOrDefault() {
    return frozen == null ? Defaults.FROZEN : frozen;
  }

  public String statusIntervalOrDefault() {
    return statusInterval == null ? Defaults.STATUS_INTERVAL : statusInterval;
  }

  public String startTimeoutOrDefault() {
    return startTimeout == null ? Defaults.START_TIMEOUT : startTimeout;
  }

  public String stopTimeoutOrDefault() {
    return stopTimeout == null ? Defaults.STOP_TIMEOUT : stopTimeout;
  }

  public List<ServiceResource> resourcesOrEmpty() {
    return resources == null ? List.of() : resources;
  }
}
