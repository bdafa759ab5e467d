package io.secmlops.governance.pii;

import org.junit.jupiter.api.Test;

import static io.secmlops.governance.pii.PiiPattern.EMAIL;
import static io.secmlops.governance.pii.PiiPattern.IBAN;
import static io.secmlops.governance.pii.PiiPattern.IPV4;
import static io.secmlops.governance.pii.PiiPattern.IPV6;
import static io.secmlops.governance.pii.PiiPattern.PAYMENT_CARD;
import static io.secmlops.governance.pii.PiiPattern.PHONE;
import static io.secmlops.governance.pii.PiiPattern.UK_NINO;
import static io.secmlops.governance.pii.PiiPattern.US_SSN;
import static org.assertj.core.api.Assertions.assertThat;

class PiiDetectorTest {
    @Test
    void emailAddressesInsideText() {
        assertThat(PiiDetector.detect("contact: jane.roe+ml@example.co.uk, thanks")).contains(EMAIL);
        assertThat(PiiDetector.detect("user@localhost")).doesNotContain(EMAIL);
        assertThat(PiiDetector.detect("@decorator on line 4")).isEmpty();
    }

    @Test
    void paymentCardsNeedAnIssuerPrefixAndTheLuhnDigit() {
        assertThat(PiiDetector.detect("4111 1111 1111 1111")).contains(PAYMENT_CARD);
        assertThat(PiiDetector.detect("5500-0000-0000-0004")).contains(PAYMENT_CARD);
        assertThat(PiiDetector.detect("378282246310005")).contains(PAYMENT_CARD);
        // one digit changed: the Luhn check fails
        assertThat(PiiDetector.detect("4111 1111 1111 1112")).doesNotContain(PAYMENT_CARD);
        // Luhn-valid but no card issuer starts with 9
        assertThat(PiiDetector.detect("9111111111111111")).doesNotContain(PAYMENT_CARD);
        // a millisecond timestamp is not a card
        assertThat(PiiDetector.detect("1732262400000")).doesNotContain(PAYMENT_CARD);
    }

    @Test
    void usSocialSecurityNumbersOutsideTheNeverIssuedRanges() {
        assertThat(PiiDetector.detect("ssn 536-22-8726")).contains(US_SSN);
        assertThat(PiiDetector.detect("666-22-8726")).doesNotContain(US_SSN);
        assertThat(PiiDetector.detect("900-22-8726")).doesNotContain(US_SSN);
        assertThat(PiiDetector.detect("536-00-8726")).doesNotContain(US_SSN);
        assertThat(PiiDetector.detect("536-22-0000")).doesNotContain(US_SSN);
    }

    @Test
    void ukNationalInsuranceNumbers() {
        assertThat(PiiDetector.detect("AB 12 34 56 C")).contains(UK_NINO);
        assertThat(PiiDetector.detect("JG103759A")).contains(UK_NINO);
        assertThat(PiiDetector.detect("GB123456A")).doesNotContain(UK_NINO);
        assertThat(PiiDetector.detect("DA123456A")).doesNotContain(UK_NINO);
    }

    @Test
    void ibansPassMod97() {
        assertThat(PiiDetector.detect("DE89 3704 0044 0532 0130 00")).contains(IBAN);
        assertThat(PiiDetector.detect("GB82WEST12345698765432")).contains(IBAN);
        assertThat(PiiDetector.detect("DE89 3704 0044 0532 0130 01")).doesNotContain(IBAN);
    }

    @Test
    void ipAddresses() {
        assertThat(PiiDetector.detect("from 192.168.10.27 at noon")).contains(IPV4);
        assertThat(PiiDetector.detect("256.1.1.1")).doesNotContain(IPV4);
        assertThat(PiiDetector.detect("version 1.2.3.4.5")).doesNotContain(IPV4);
        assertThat(PiiDetector.detect("2001:db8:85a3::8a2e:370:7334")).contains(IPV6);
        assertThat(PiiDetector.detect("fe80:0:0:0:204:61ff:fe9d:f156")).contains(IPV6);
        assertThat(PiiDetector.detect("::ffff:192.0.2.128")).contains(IPV6);
        assertThat(PiiDetector.detect("12:30:45")).doesNotContain(IPV6);
        assertThat(PiiDetector.detect("aa:bb:cc:dd:ee:ff")).doesNotContain(IPV6);
    }

    @Test
    void nameColumnsCountNamesButNotPseudonymsPlaceholdersOrMasks() {
        assertThat(PiiScanner.isNameColumn("Last Name", false)).isTrue();
        assertThat(PiiScanner.isNameColumn("owner.full_name", true)).isTrue();
        assertThat(PiiScanner.isNameColumn("name", true)).as("a model card's name").isFalse();
        assertThat(PiiScanner.isNameColumn("file_name", false)).isFalse();
        assertThat(PiiScanner.looksLikeAName("Adaeze Okonkwo-Brandt")).isTrue();
        assertThat(PiiScanner.looksLikeAName("O'Brien")).isTrue();
        for (String masked : new String[] {"", "  ", "REDACTED", "n/a", "****", "XXXX", "user_4711", "3f9a0c2e1b", "[removed]", "<name>"}) {
            assertThat(PiiScanner.looksLikeAName(masked)).as(masked).isFalse();
        }
    }

    @Test
    void phoneNumbersButNotDatesOrMeasurements() {
        assertThat(PiiDetector.detect("+44 20 7946 0958")).contains(PHONE);
        assertThat(PiiDetector.detect("(415) 555-0132")).contains(PHONE);
        assertThat(PiiDetector.detect("030 12345678")).contains(PHONE);
        assertThat(PiiDetector.detect("2024-01-15")).doesNotContain(PHONE);
        assertThat(PiiDetector.detect("0.123456789")).doesNotContain(PHONE);
        assertThat(PiiDetector.detect("brightness 0.73, persons 4")).isEmpty();
    }
}
