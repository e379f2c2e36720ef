package dev.dnevnik.news.feed;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard: which addresses an operator-supplied URL may reach. Loopback, private (RFC 1918, fc00::/7),
 * link-local (169.254/16 with the cloud metadata address, fe80::/10), multicast, unspecified, carrier-grade NAT
 * (100.64/10) and other reserved ranges are refused unless an allow-listed CIDR holds the address. IPv6 forms that
 * carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged
 * by that IPv4 address. The fetcher checks the very address it then connects to, on every redirect.
 */
public final class AddressGuard {

    private final List<Cidr> allowed;

    /** @param allowedCidrs ranges such as {@code 127.0.0.0/8} or {@code ::1/128}; a bad one fails at once */
    public AddressGuard(List<String> allowedCidrs) {
        List<Cidr> ranges = new ArrayList<>();
        for (String cidr : allowedCidrs) {
            if (!cidr.isBlank()) {
                ranges.add(Cidr.parse(cidr.strip()));
            }
        }
        this.allowed = List.copyOf(ranges);
    }

    public static AddressGuard of(FeedsConfig config) {
        return new AddressGuard(config.allowedPrivateNetworks().orElse(List.of()));
    }

    /** Only http and https URLs with a host are fetched. */
    public static void checkUrl(URI url) {
        String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new FeedFetchException(FeedFetchException.Kind.REFUSED,
                    "refused: only http and https URLs are fetched" + (scheme == null ? "" : ", not " + scheme));
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new FeedFetchException(FeedFetchException.Kind.INVALID_URL, "invalid URL: no host");
        }
    }

    /** Why the address is refused ("is a private address"), or empty when it may be reached. */
    public Optional<String> refusal(InetAddress address) {
        String kind = specialKind(address);
        if (kind == null || isAllowListed(address)) {
            return Optional.empty();
        }
        return Optional.of("refused: " + address.getHostAddress() + " is " + kind);
    }

    /**
     * The address to connect to: the first of the resolved ones that may be reached.
     *
     * @throws FeedFetchException (REFUSED) when none may be, naming the first one
     */
    public InetAddress pick(List<InetAddress> resolved) {
        String firstRefusal = null;
        for (InetAddress address : resolved) {
            Optional<String> refusal = refusal(address);
            if (refusal.isEmpty()) {
                return address;
            }
            if (firstRefusal == null) {
                firstRefusal = refusal.get();
            }
        }
        throw new FeedFetchException(FeedFetchException.Kind.REFUSED,
                firstRefusal == null ? "refused: the host has no address" : firstRefusal);
    }

    private boolean isAllowListed(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        for (Cidr cidr : allowed) {
            if (cidr.contains(address) || (embedded != null && cidr.contains(embedded))) {
                return true;
            }
        }
        return false;
    }

    /** What kind of special address this is ("a private address"), or null for an ordinary public one. */
    static String specialKind(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            return specialKind4(embedded.getAddress());
        }
        if (address instanceof Inet4Address) {
            return specialKind4(address.getAddress());
        }
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress()) {
            return "an unspecified address";
        }
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "a private address"; // fc00::/7 unique local
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
            return "a link-local address"; // fe80::/10
        }
        if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
            return "a private address"; // fec0::/10, deprecated site-local
        }
        if ((b[0] & 0xff) == 0xff) {
            return "a multicast address";
        }
        if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0x0d && (b[3] & 0xff) == 0xb8) {
            return "a reserved address"; // 2001:db8::/32 documentation
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && b[4] == 0 && b[5] == 1) {
            return "a reserved address"; // 64:ff9b:1::/48 local-use NAT64
        }
        return null;
    }

    private static String specialKind4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        if (a0 == 0) {
            return "an unspecified address"; // 0.0.0.0/8 "this network"
        }
        if (a0 == 127) {
            return "a loopback address";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return "a private address";
        }
        if (a0 == 169 && a1 == 254) {
            return "a link-local address";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "a shared (carrier-grade NAT) address";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "a multicast address";
        }
        if (a0 >= 240 // 240/4 reserved and the broadcast address
                || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113) // documentation
                || (a0 == 198 && (a1 & 0xfe) == 18)) { // benchmarking
            return "a reserved address";
        }
        return null;
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        byte[] v4 = null;
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            v4 = slice(b, 12); // ::ffff:a.b.c.d
        } else if (allZero(b, 0, 12) && !(allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            v4 = slice(b, 12); // ::a.b.c.d (deprecated compatible form), not :: or ::1
        } else if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            v4 = slice(b, 12); // 64:ff9b::a.b.c.d well-known NAT64
        } else if (b[0] == 0x20 && b[1] == 0x02) {
            v4 = new byte[] { b[2], b[3], b[4], b[5] }; // 2002:aabb:ccdd::/48 6to4
        }
        if (v4 == null) {
            return null;
        }
        try {
            return InetAddress.getByAddress(v4);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        byte[] out = new byte[b.length - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    /** An address range such as 10.0.0.0/8 or fc00::/7. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            if (!isIpLiteral(host)) {
                throw new IllegalArgumentException("not a CIDR range: " + text);
            }
            byte[] network;
            try {
                network = InetAddress.getByName(host).getAddress(); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text, e);
            }
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: " + text, e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("not a CIDR range: " + text);
            }
            return new Cidr(network, prefix);
        }

        private static boolean isIpLiteral(String host) {
            return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (network[full] & mask);
        }
    }
}
