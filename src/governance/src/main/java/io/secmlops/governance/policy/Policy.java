package io.secmlops.governance.policy;

import java.util.List;
import java.util.Map;

/**
 * The repository's policy ({@code .secmlops/policy.yaml}): thresholds for the gates, the steps every build must run,
 * the roles and their members, and the approvals each step needs. Parsed and checked by {@link PolicyFile}.
 *
 * @param version       the policy's own version, as written in the file ({@code version: 3})
 * @param roles         role name to role
 * @param gates         step name to its settings (e.g. {@code driftGate: {driftShare: 0.3}})
 * @param requiredSteps steps every build must run
 * @param approvals     approvals required, each by role and the step it guards
 */
public record Policy(String version, Map<String, Role> roles, Map<String, Map<String, Object>> gates,
                     List<String> requiredSteps, List<ApprovalRule> approvals) {

    /** A role: who holds it (Jenkins user ids or names) and what it is for. */
    public record Role(String description, List<String> members) {
    }

    /** {@code count} distinct approvers holding {@code role} must approve before {@code before} runs. */
    public record ApprovalRule(String role, String before, int count) {
    }

    /** A gate setting as text ({@code gateSetting("piiScan", "onPii")}), or null when the policy leaves it open. */
    public String gateSetting(String step, String key) {
        Map<String, Object> g = gates.get(step);
        Object v = g == null ? null : g.get(key);
        return v == null ? null : v.toString();
    }

    /** The approval rules guarding {@code step}. */
    public List<ApprovalRule> approvalsBefore(String step) {
        return approvals.stream().filter(a -> a.before().equals(step)).toList();
    }
}
