package dev.weft.http.router;

import java.util.HashMap;
import java.util.Map;

/**
 * One node of the router's segment trie: children by static segment (an open-addressing table compared against
 * the request path in place, so a lookup allocates nothing), one parameter child, one wildcard child, and the
 * endpoint of the routes that end here.
 *
 * <p>Built mutable by {@link Router.Builder}, then {@link #freeze() frozen}; a frozen trie is only read, so
 * any number of threads may match against it.
 */
final class Node {
    // build time only
    private Map<String, Node> staticMap = new HashMap<>();

    // frozen lookup table for static children: keys[i] with hashes[i] -> kids[i]; null key = empty slot
    private String[] keys;
    private int[] hashes;
    private Node[] kids;
    private int mask;

    Node param;
    Node wildcard;
    Endpoint endpoint;
    /** The fallback of a router nested at this node, for unmatched paths at or below it; else null. */
    RouteTarget fallback;

    Node staticChild(String text) {
        return staticMap.computeIfAbsent(text, t -> new Node());
    }

    Node paramChild() {
        if (param == null) param = new Node();
        return param;
    }

    Node wildcardChild() {
        if (wildcard == null) wildcard = new Node();
        return wildcard;
    }

    Endpoint endpoint() {
        if (endpoint == null) endpoint = new Endpoint();
        return endpoint;
    }

    /** Compiles the static children into the lookup table, recursively; the trie is read-only afterwards. */
    void freeze() {
        int n = staticMap.size();
        int cap = Integer.highestOneBit(Math.max(2, n * 2 - 1)) << 1;
        keys = new String[cap];
        hashes = new int[cap];
        kids = new Node[cap];
        mask = cap - 1;
        for (Map.Entry<String, Node> e : staticMap.entrySet()) {
            String k = e.getKey();
            int h = k.hashCode();
            int i = spread(h) & mask;
            while (keys[i] != null) i = (i + 1) & mask;
            keys[i] = k;
            hashes[i] = h;
            kids[i] = e.getValue();
            e.getValue().freeze();
        }
        staticMap = null;
        if (param != null) param.freeze();
        if (wildcard != null) wildcard.freeze();
        if (endpoint != null) endpoint.freeze();
    }

    /** The static child for {@code path[start, end)} (raw, without a {@code %}), or null. Allocates nothing. */
    Node findStatic(String path, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) h = 31 * h + path.charAt(i); // String.hashCode of the region
        int len = end - start;
        for (int i = spread(h) & mask;; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) return null;
            if (hashes[i] == h && k.length() == len && path.regionMatches(start, k, 0, len)) return kids[i];
        }
    }

    /** The static child for an already decoded segment, or null. */
    Node findStatic(String decoded) {
        return findStatic(decoded, 0, decoded.length());
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
