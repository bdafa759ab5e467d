package io.secmlops.governance.pii;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in one piece of text (a cell, a JSON value, a line). Candidates found by pattern are confirmed
 * by their checksums or numbering rules where the format has them (Luhn for cards, mod 97 for IBANs, the SSA's
 * reserved SSN ranges, the NINO's excluded prefixes, octet and group ranges for IP addresses), so that ids, dates and
 * measurements are not reported. Returns only which kinds were found, never where or what.
 */
public final class PiiDetector {
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,24}(?![A-Za-z0-9-])");
    // 13 to 19 digits, optionally grouped by single spaces or dashes
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d])");
    private static final Pattern SSN = Pattern.compile("(?<![\\d-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\d-])");
    private static final Pattern NINO = Pattern.compile(
            "(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D](?![A-Za-z0-9])");
    private static final Pattern IBAN = Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![0-9A-Fa-f:.])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(?![0-9A-Fa-f:])");
    // international (+CC ...), North American (555) 123-4567 / 555-123-4567, national with a trunk 0 (030 1234567)
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+.-])(?<!\\d[ /-])(?:\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,4}\\)?){2,5}"
                    + "|\\(\\d{3}\\) ?\\d{3}[ .-]\\d{4}"
                    + "|[2-9]\\d{2}[ .-]\\d{3}[ .-]\\d{4}"
                    + "|0\\d{1,4}(?:[ /-]?\\d{2,8}){1,3})(?![\\w.-])(?![ /-]\\d)");

    private PiiDetector() {
    }

    /** The kinds of personal data in {@code text} (empty when none). */
    public static Set<PiiPattern> detect(CharSequence text) {
        Set<PiiPattern> found = EnumSet.noneOf(PiiPattern.class);
        if (text == null || text.length() < 5) {
            return found;
        }
        if (indexOf(text, '@') >= 0 && EMAIL.matcher(text).find()) {
            found.add(PiiPattern.EMAIL);
        }
        if (any(CARD.matcher(text), m -> luhnCard(m.group()))) {
            found.add(PiiPattern.PAYMENT_CARD);
        }
        if (any(SSN.matcher(text), PiiDetector::ssn)) {
            found.add(PiiPattern.US_SSN);
        }
        if (any(NINO.matcher(text), PiiDetector::nino)) {
            found.add(PiiPattern.UK_NINO);
        }
        if (any(IBAN.matcher(text), m -> iban(m.group()))) {
            found.add(PiiPattern.IBAN);
        }
        if (any(IPV4.matcher(text), PiiDetector::ipv4)) {
            found.add(PiiPattern.IPV4);
        }
        if (indexOf(text, ':') >= 0 && any(IPV6.matcher(text), m -> ipv6(m.group()))) {
            found.add(PiiPattern.IPV6);
        }
        if (any(PHONE.matcher(text), m -> phone(m.group()))) {
            found.add(PiiPattern.PHONE);
        }
        return found;
    }

    private interface Check {
        boolean ok(Matcher m);
    }

    private static boolean any(Matcher m, Check check) {
        while (m.find()) {
            if (check.ok(m)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(CharSequence s, char c) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** A payment card: 13 to 19 digits, a known issuer prefix and a valid Luhn check digit. */
    static boolean luhnCard(String candidate) {
        String digits = candidate.replaceAll("[ -]", "");
        if (digits.length() < 13 || digits.length() > 19 || !issuer(digits)) {
            return false;
        }
        return luhn(digits);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    // Visa, Mastercard (51-55, 2221-2720), Amex, Discover, JCB, Diners, UnionPay, Maestro
    private static boolean issuer(String d) {
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        return d.charAt(0) == '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) || two == 34 || two == 37
                || d.startsWith("6011") || two == 65 || (four >= 6440 && four <= 6499) || two == 35 || two == 36
                || two == 38 || (four >= 3000 && four <= 3059) || two == 62 || two == 50 || (two >= 56 && two <= 58)
                || two == 63 || two == 67;
    }

    /** A US SSN in its dashed form, outside the ranges the SSA never issues (000, 666, 9xx; group 00; serial 0000). */
    private static boolean ssn(Matcher m) {
        int area = Integer.parseInt(m.group(1));
        return area != 0 && area != 666 && area < 900 && !"00".equals(m.group(2)) && !"0000".equals(m.group(3));
    }

    /** A UK National Insurance number; the regex already excludes D, F, I, Q, U, V and O in second place. */
    private static boolean nino(Matcher m) {
        String prefix = m.group(1);
        return !Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(prefix);
    }

    /** An IBAN: country letters, check digits, 11 to 30 more letters or digits, and mod 97 of the rearranged number is 1. */
    static boolean iban(String candidate) {
        String s = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
        if (s.length() < 15 || s.length() > 34) {
            return false;
        }
        String rearranged = s.substring(4) + s.substring(0, 4);
        int mod = 0;
        for (int i = 0; i < rearranged.length(); i++) {
            char c = rearranged.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            mod = v > 9 ? (mod * 100 + v) % 97 : (mod * 10 + v) % 97;
        }
        return mod == 1;
    }

    private static boolean ipv4(Matcher m) {
        for (int g = 1; g <= 4; g++) {
            String part = m.group(g);
            if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
                return false;
            }
        }
        return true;
    }

    /** An IPv6 address in the RFC 4291 text forms: eight groups, or fewer with one '::', optionally ending in IPv4. */
    static boolean ipv6(String s) {
        if (s.length() < 3 || s.length() > 45) {
            return false;
        }
        int groupsAllowed = 8;
        String body = s;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) > 0) {
            Matcher v4 = IPV4.matcher(s.substring(lastColon + 1));
            if (!v4.matches() || !ipv4(v4)) {
                return false;
            }
            body = s.substring(0, lastColon + 1) + "0";
            groupsAllowed = 7;
        }
        int dc = body.indexOf("::");
        if (dc >= 0 && body.indexOf("::", dc + 1) >= 0) {
            return false;
        }
        if (dc < 0) {
            return groups(body, true) == groupsAllowed;
        }
        String left = body.substring(0, dc);
        String right = body.substring(dc + 2);
        int l = left.isEmpty() ? 0 : groups(left, true);
        int r = right.isEmpty() ? 0 : groups(right, true);
        // "::" alone (the unspecified address) is too short to be personal and is too common in logs to count
        return l >= 0 && r >= 0 && l + r < groupsAllowed && l + r >= 2;
    }

    private static int groups(String s, boolean strict) {
        String[] parts = s.split(":", -1);
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return strict ? -1 : 0;
            }
        }
        return parts.length;
    }

    /** A phone number: 9 to 15 digits (E.164's maximum), not a date such as 2024-01-15. */
    private static boolean phone(String s) {
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                digits++;
            }
        }
        return digits >= 9 && digits <= 15 && !s.matches("\\d{4}-\\d{2}-\\d{2}.*");
    }
}
