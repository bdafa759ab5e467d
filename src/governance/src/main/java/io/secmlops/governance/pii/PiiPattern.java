package io.secmlops.governance.pii;

import java.util.Locale;

/** The kinds of personal data the scan looks for. Each is counted, never shown. */
public enum PiiPattern {
    EMAIL("email"),
    PHONE("phone"),
    PAYMENT_CARD("payment-card"),
    US_SSN("us-ssn"),
    UK_NINO("uk-nino"),
    IBAN("iban"),
    IPV4("ipv4"),
    IPV6("ipv6"),
    PERSON_NAME("person-name");

    private final String label;

    PiiPattern(String label) {
        this.label = label;
    }

    /** The name used in evidence, metrics and messages. */
    public String label() {
        return label;
    }

    public static PiiPattern ofLabel(String label) {
        for (PiiPattern p : values()) {
            if (p.label.equals(label.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown PII pattern " + label);
    }
}
