package dev.dnevnik.news.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Classification only: literals, no lookups, no connections. */
class AddressGuardTest {

    private final AddressGuard guard = new AddressGuard(List.of());

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, a loopback address", "127.255.0.9, a loopback address", "::1, a loopback address",
            "10.0.0.5, a private address", "172.16.0.1, a private address", "172.31.255.255, a private address",
            "192.168.0.1, a private address", "fc00::1, a private address", "fd12:3456::1, a private address",
            "169.254.169.254, a link-local address", "169.254.0.1, a link-local address", "fe80::1, a link-local address",
            "224.0.0.1, a multicast address", "239.255.255.250, a multicast address", "ff02::1, a multicast address",
            "0.0.0.0, an unspecified address", "::, an unspecified address",
            "100.64.0.1, a shared (carrier-grade NAT) address", "100.127.255.254, a shared (carrier-grade NAT) address",
            "255.255.255.255, a reserved address", "64:ff9b::a00:5, a private address",
            "2002:a9fe:a9fe::1, a link-local address", "::a00:5, a private address" })
    void refusesSpecialAddresses(String literal, String kind) throws UnknownHostException {
        InetAddress address = ip(literal);

        assertEquals(Optional.of("refused: " + address.getHostAddress() + " is " + kind), guard.refusal(address));
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.215.14", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
            "2a00:1450:4001:80b::200e", "8.8.8.8" })
    void letsPublicAddressesThrough(String literal) throws UnknownHostException {
        assertEquals(Optional.empty(), guard.refusal(ip(literal)));
    }

    @Test
    void refusesIpv4MappedIpv6FormsOfSpecialAddresses() throws UnknownHostException {
        byte[] mapped = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 169, (byte) 254, (byte) 169,
                (byte) 254 };
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);

        assertEquals("refused: " + v6.getHostAddress() + " is a link-local address", guard.refusal(v6).orElseThrow());
        assertEquals("refused: 10.0.0.5 is a private address", guard.refusal(ip("::ffff:10.0.0.5")).orElseThrow());
    }

    @Test
    void letsAllowListedRangesThrough() throws UnknownHostException {
        AddressGuard allowing = new AddressGuard(List.of("127.0.0.0/8", " 10.1.0.0/16", "::1/128", "fd00::/8"));

        assertEquals(Optional.empty(), allowing.refusal(ip("127.0.0.1")));
        assertEquals(Optional.empty(), allowing.refusal(ip("10.1.200.3")));
        assertEquals(Optional.empty(), allowing.refusal(ip("::1")));
        assertEquals(Optional.empty(), allowing.refusal(ip("fd00::5")));
        assertEquals(Optional.empty(), allowing.refusal(ip("::ffff:127.0.0.1")), "a mapped form of an allowed one");
        assertTrue(allowing.refusal(ip("10.2.0.1")).isPresent(), "just outside the allowed /16");
        assertTrue(allowing.refusal(ip("169.254.169.254")).isPresent());
    }

    @Test
    void picksTheFirstAddressThatMayBeReached() throws UnknownHostException {
        assertEquals(ip("93.184.215.14"), guard.pick(List.of(ip("10.0.0.1"), ip("93.184.215.14"))));
        FeedFetchException refused = assertThrows(FeedFetchException.class,
                () -> guard.pick(List.of(ip("169.254.169.254"), ip("10.0.0.1"))));
        assertEquals("refused: 169.254.169.254 is a link-local address", refused.reason());
        assertEquals(FeedFetchException.Kind.REFUSED, refused.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = { "localhost/8", "10.0.0.0/33", "::/129", "10.0.0.0/x", "example.com" })
    void refusesBadAllowListEntries(String cidr) {
        assertThrows(IllegalArgumentException.class, () -> new AddressGuard(List.of(cidr)));
    }
}
