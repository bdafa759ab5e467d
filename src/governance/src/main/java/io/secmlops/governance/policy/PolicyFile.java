package io.secmlops.governance.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.secmlops.engine.SecMlOpsException;
import io.secmlops.engine.hash.ParallelHasher;
import io.secmlops.engine.io.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A policy file read from the repository, with its digest, so that evidence can name the policy in force.
 *
 * <p>Every problem is one message naming the file and line: malformed YAML, an unknown key, a step or role that does
 * not exist, a value of the wrong type. Nothing of the file is used until all of it checks out.
 */
public final class PolicyFile {
    /** Where the steps look when a pipeline names no policy file. */
    public static final String DEFAULT_PATH = ".secmlops/policy.yaml";

    private static final Set<String> TOP = Set.of("version", "roles", "gates", "requiredSteps", "approvals");
    private static final Set<String> ROLE_KEYS = Set.of("description", "members");
    private static final Set<String> APPROVAL_KEYS = Set.of("role", "before", "count");

    private final String path;
    private final String sha256;
    private final Policy policy;

    private PolicyFile(String path, String sha256, Policy policy) {
        this.path = path;
        this.sha256 = sha256;
        this.policy = policy;
    }

    public String path() {
        return path;
    }

    public String sha256() {
        return sha256;
    }

    public Policy policy() {
        return policy;
    }

    /** What evidence records of the policy in force: path, digest, version. */
    public Map<String, Object> reference() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("sha256", sha256);
        m.put("version", policy.version());
        return m;
    }

    /** Reads and checks the policy file at {@code userPath} inside the workspace. */
    public static PolicyFile load(Workspace ws, String userPath) throws SecMlOpsException {
        Path file = ws.resolveExisting(userPath, "policy file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read the policy file '" + userPath + "'.", "check that it is a readable file.", e);
        }
        return parse(bytes, ws.relative(file));
    }

    /**
     * The policy a step applies: the file the user named, else {@link #DEFAULT_PATH} when the repository has one, else
     * none (null).
     */
    public static PolicyFile loadOrDefault(Workspace ws, String userPath) throws SecMlOpsException {
        if (userPath != null && !userPath.isBlank()) {
            return load(ws, userPath);
        }
        return Files.isRegularFile(ws.root().resolve(DEFAULT_PATH)) ? load(ws, DEFAULT_PATH) : null;
    }

    /** Parses and checks a policy; {@code label} names the file in messages. */
    public static PolicyFile parse(byte[] yaml, String label) throws SecMlOpsException {
        YAMLFactory factory = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        ObjectMapper mapper = new YAMLMapper(factory);
        JsonNode root;
        Map<String, Integer> lines = new HashMap<>();
        try {
            root = mapper.readTree(yaml);
            index(factory, yaml, lines);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SecMlOpsException("The policy file '" + label + "'" + (at != null && at.getLineNr() > 0 ? " line "
                    + at.getLineNr() : "") + " is not valid YAML: " + firstLine(e.getOriginalMessage()) + ".",
                    "fix the YAML there (indentation, a missing ':' or quote, a key given twice).", e);
        } catch (IOException e) {
            throw new SecMlOpsException("Cannot read the policy file '" + label + "'.", "check the file.", e);
        }
        Checker c = new Checker(label, lines);
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SecMlOpsException("The policy file '" + label + "' is empty.",
                    "write at least 'version:' and the sections you need (roles, gates, requiredSteps, approvals).");
        }
        c.object(root, "", TOP);
        String version = root.hasNonNull("version") ? c.scalar(root.get("version"), "/version") : null;
        if (version == null || version.isBlank()) {
            throw c.error("", "has no 'version'", "add 'version: 1' (and raise it with each change) so that evidence can name it");
        }

        Map<String, Policy.Role> roles = new LinkedHashMap<>();
        JsonNode rolesNode = root.path("roles");
        if (!rolesNode.isMissingNode()) {
            c.object(rolesNode, "/roles", null);
            for (Iterator<Map.Entry<String, JsonNode>> it = rolesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "/roles/" + e.getKey();
                c.object(e.getValue(), at, ROLE_KEYS);
                List<String> members = c.strings(e.getValue().path("members"), at + "/members");
                if (members.isEmpty()) {
                    throw c.error(at + "/members", "role '" + e.getKey() + "' has no members", "list the Jenkins user ids that hold it under 'members:'");
                }
                String description = e.getValue().hasNonNull("description") ? c.scalar(e.getValue().get("description"), at + "/description") : null;
                roles.put(e.getKey(), new Policy.Role(description, members));
            }
        }

        Map<String, Map<String, Object>> gates = new LinkedHashMap<>();
        JsonNode gatesNode = root.path("gates");
        if (!gatesNode.isMissingNode()) {
            c.object(gatesNode, "/gates", null);
            for (Iterator<Map.Entry<String, JsonNode>> it = gatesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "/gates/" + e.getKey();
                Map<String, Steps.Type> known = c.step(e.getKey(), at);
                c.object(e.getValue(), at, known.keySet());
                Map<String, Object> settings = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> s = e.getValue().fields(); s.hasNext(); ) {
                    Map.Entry<String, JsonNode> kv = s.next();
                    settings.put(kv.getKey(), c.typed(kv.getValue(), known.get(kv.getKey()), at + "/" + kv.getKey()));
                }
                gates.put(e.getKey(), settings);
            }
        }

        List<String> required = c.strings(root.path("requiredSteps"), "/requiredSteps");
        for (int i = 0; i < required.size(); i++) {
            c.step(required.get(i), "/requiredSteps/" + i);
        }

        List<Policy.ApprovalRule> approvals = new ArrayList<>();
        JsonNode approvalsNode = root.path("approvals");
        if (!approvalsNode.isMissingNode()) {
            if (!approvalsNode.isArray()) {
                throw c.error("/approvals", "'approvals' is not a list", "write one '- role: ..., before: ...' entry per approval");
            }
            for (int i = 0; i < approvalsNode.size(); i++) {
                String at = "/approvals/" + i;
                JsonNode a = approvalsNode.get(i);
                c.object(a, at, APPROVAL_KEYS);
                String role = a.hasNonNull("role") ? c.scalar(a.get("role"), at + "/role") : null;
                String before = a.hasNonNull("before") ? c.scalar(a.get("before"), at + "/before") : null;
                if (role == null || before == null) {
                    throw c.error(at, "an approval needs 'role' and 'before'", "name the role that approves and the step it guards, e.g. 'role: security-reviewer, before: modelSign'");
                }
                if (!roles.containsKey(role)) {
                    throw c.error(at + "/role", "role '" + role + "' is not defined", "define it under 'roles:' or use one of " + roles.keySet());
                }
                c.step(before, at + "/before");
                int count = a.has("count") ? ((Number) c.typed(a.get("count"), Steps.Type.COUNT, at + "/count")).intValue() : 1;
                if (count < 1 || count > roles.get(role).members().size()) {
                    throw c.error(at + "/count", "count " + count + " cannot be met by role '" + role + "' with "
                            + roles.get(role).members().size() + " member(s)", "use a count from 1 to the number of members");
                }
                approvals.add(new Policy.ApprovalRule(role, before, count));
            }
        }
        Policy policy = new Policy(version.trim(), Map.copyOf(roles), Map.copyOf(gates), List.copyOf(required), List.copyOf(approvals));
        return new PolicyFile(label, ParallelHasher.sha256Hex(yaml), policy);
    }

    /** The line of every node, by JSON pointer, for messages about what parsed but does not check out. */
    private static void index(YAMLFactory factory, byte[] yaml, Map<String, Integer> lines) throws IOException {
        try (JsonParser p = factory.createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    /** Checks nodes and builds messages that name the file and line. */
    private static final class Checker {
        private final String label;
        private final Map<String, Integer> lines;

        Checker(String label, Map<String, Integer> lines) {
            this.label = label;
            this.lines = lines;
        }

        SecMlOpsException error(String pointer, String problem, String fix) {
            Integer line = null;
            for (String p = pointer; line == null; p = p.substring(0, Math.max(0, p.lastIndexOf('/')))) {
                line = lines.get(p);
                if (p.isEmpty()) {
                    break;
                }
            }
            String where = line == null ? "" : " line " + line;
            return new SecMlOpsException("The policy file '" + label + "'" + where + ": " + problem + ".", fix + ".");
        }

        /** An object whose keys must be among {@code allowed} (any key when null). */
        void object(JsonNode node, String at, Set<String> allowed) throws SecMlOpsException {
            if (!node.isObject()) {
                throw error(at, "'" + name(at) + "' is not a mapping of keys to values", "write it as 'key: value' lines indented under it");
            }
            if (allowed == null) {
                return;
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw error(at + "/" + key, "unknown key '" + key + "'" + (at.isEmpty() ? "" : " under '" + name(at) + "'"),
                            allowed.isEmpty() ? "remove it: '" + name(at) + "' takes no settings"
                                    : "use one of " + new java.util.TreeSet<>(allowed) + ", or check its spelling and indentation");
                }
            }
        }

        Map<String, Steps.Type> step(String step, String at) throws SecMlOpsException {
            Map<String, Steps.Type> known = Steps.GATES.get(step);
            if (known == null) {
                throw error(at, "there is no step '" + step + "'", "use one of " + Steps.GATES.keySet());
            }
            return known;
        }

        String scalar(JsonNode node, String at) throws SecMlOpsException {
            if (!node.isValueNode()) {
                throw error(at, "'" + name(at) + "' is not a single value", "give one value on the same line");
            }
            return node.asText();
        }

        List<String> strings(JsonNode node, String at) throws SecMlOpsException {
            if (node.isMissingNode() || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                throw error(at, "'" + name(at) + "' is not a list", "write it as [a, b] or one '- item' per line");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                String s = scalar(node.get(i), at + "/" + i);
                if (s.isBlank()) {
                    throw error(at + "/" + i, "an entry of '" + name(at) + "' is empty", "remove it or fill it in");
                }
                out.add(s.trim());
            }
            return out;
        }

        Object typed(JsonNode v, Steps.Type type, String at) throws SecMlOpsException {
            String bad = "'" + name(at) + "' must be " + type.expected;
            switch (type) {
                case ON_FAILURE -> {
                    String s = v.isTextual() ? v.asText().trim().toLowerCase(Locale.ROOT) : "";
                    if (!s.equals("fail") && !s.equals("unstable")) {
                        throw error(at, bad, "write 'fail' or 'unstable'");
                    }
                    return s;
                }
                case SEVERITY -> {
                    String s = v.isTextual() ? v.asText().trim().toLowerCase(Locale.ROOT) : "";
                    if (!Steps.SEVERITIES.contains(s)) {
                        throw error(at, bad, "write one of critical, high, medium, low, none");
                    }
                    return s;
                }
                case FRACTION -> {
                    if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
                        throw error(at, bad, "write a number such as 0.3");
                    }
                    return v.asDouble();
                }
                case COUNT -> {
                    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
                        throw error(at, bad, "write a whole number such as 0 or 2");
                    }
                    return v.asInt();
                }
                case BOOLEAN -> {
                    if (!v.isBoolean()) {
                        throw error(at, bad, "write true or false");
                    }
                    return v.asBoolean();
                }
                default -> {
                    return scalar(v, at);
                }
            }
        }

        private static String name(String at) {
            return at.isEmpty() ? "(top)" : at.substring(at.lastIndexOf('/') + 1);
        }
    }
}
