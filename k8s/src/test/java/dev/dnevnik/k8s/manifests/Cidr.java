package dev.dnevnik.k8s.manifests;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range as NetworkPolicies write it ("10.0.0.0/8", "::/0"). */
record Cidr(byte[] address, int prefixLength) {

    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        try {
            // only literal addresses reach this (InetAddress does no lookup for them)
            byte[] address = InetAddress.getByName(text.substring(0, slash)).getAddress();
            return new Cidr(address, Integer.parseInt(text.substring(slash + 1)));
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("not a CIDR: " + text, e);
        }
    }

    boolean isIpv4() {
        return address.length == 4;
    }

    /** Whether every address of {@code other} is in this range. */
    boolean contains(Cidr other) {
        if (other.address.length != address.length || other.prefixLength < prefixLength) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (other.address[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
