package io.secmlops.engine.adversarial;

import io.secmlops.engine.SecMlOpsException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which share of the images one run covers: the {@code index}-th of {@code count} contiguous blocks (1-based), so
 * parallel branches on several {@code gpu} agents split the work and the report merges their evidence.
 */
public record ShardSpec(int index, int count) {
    public static final ShardSpec WHOLE = new ShardSpec(1, 1);
    /** More shards than this is a typo, not a plan: no data set of ours has that many frames per agent. */
    public static final int MAX_COUNT = 10_000;

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");
    private static final String FIX = "give shard: 'I/N' with 1 <= I <= N, e.g. '2/4' for the second of four parallel branches.";

    public ShardSpec {
        if (count < 1 || count > MAX_COUNT || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count);
        }
    }

    /** Parses {@code I/N}; null or blank is the whole data set ({@code 1/1}). */
    public static ShardSpec parse(String spec) throws SecMlOpsException {
        if (spec == null || spec.isBlank()) {
            return WHOLE;
        }
        Matcher m = FORM.matcher(spec);
        if (!m.matches()) {
            throw new SecMlOpsException("Parameter shard is '" + spec + "', which is not of the form I/N.", FIX);
        }
        int index = Integer.parseInt(m.group(1));
        int count = Integer.parseInt(m.group(2));
        if (count < 1 || count > MAX_COUNT) {
            throw new SecMlOpsException("Parameter shard is '" + spec + "': the shard count " + count + " is out of range (1.."
                    + MAX_COUNT + ").", FIX);
        }
        if (index < 1 || index > count) {
            throw new SecMlOpsException("Parameter shard is '" + spec + "': shard " + index + " does not exist among " + count
                    + " (shards are numbered 1 to " + count + ").", FIX);
        }
        return new ShardSpec(index, count);
    }

    public boolean isWhole() {
        return count == 1;
    }

    /**
     * What the evidence name of a shard ends with, {@code -shard-IofN}; empty for a whole run. The report groups
     * records by the name before it.
     */
    public String nameSuffix() {
        return isWhole() ? "" : "-shard-" + index + "of" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
