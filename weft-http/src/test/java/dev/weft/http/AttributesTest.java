package dev.weft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AttributesTest {
    private static final Attributes.Key<String> USER = Attributes.Key.of("user", String.class);
    private static final Attributes.Key<Integer> COUNT = Attributes.Key.of("count", Integer.class);

    @Test
    void put_get_replaceAndRemove_byKeyIdentity() {
        Attributes a = new Attributes();
        Attributes.Key<String> otherUser = Attributes.Key.of("user", String.class); // same name, other key
        assertThat(a.get(USER)).isEmpty();
        a.put(USER, "alice").put(COUNT, 1).put(otherUser, "bob");
        assertThat(a.get(USER)).contains("alice");
        assertThat(a.get(otherUser)).contains("bob");
        a.put(USER, "carol");
        assertThat(a.get(USER)).contains("carol");
        assertThat(a.remove(USER)).isTrue();
        assertThat(a.remove(USER)).isFalse();
        assertThat(a.get(USER)).isEmpty();
        assertThat(a.get(COUNT)).contains(1);
        assertThat(a.get(otherUser)).contains("bob");
    }

    @Test
    void put_manyKeys_growsAndKeepsEveryValueInInsertionOrder() {
        Attributes a = new Attributes();
        java.util.List<Attributes.Key<Integer>> keys = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Attributes.Key<Integer> k = Attributes.Key.of("k" + i, Integer.class);
            keys.add(k);
            a.put(k, i);
        }
        for (int i = 0; i < 20; i++) assertThat(a.get(keys.get(i))).contains(i);
        assertThat(a.remove(keys.get(3))).isTrue();
        assertThat(a.get(keys.get(3))).isEmpty();
        assertThat(a.get(keys.get(19))).contains(19);
        assertThat(a.toString()).startsWith("{Key[name=k0, type=class java.lang.Integer]=0, ")
                .doesNotContain("name=k3,").endsWith("=19}");
    }

    @Test
    void put_misuse_failsFast() {
        Attributes a = new Attributes();
        assertThatThrownBy(() -> a.put(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("key");
        assertThatThrownBy(() -> a.put(USER, null)).isInstanceOf(NullPointerException.class).hasMessage("value");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Attributes.Key<Object> raw = (Attributes.Key) COUNT;
        assertThatThrownBy(() -> a.put(raw, "not an int")).isInstanceOf(ClassCastException.class);
        assertThat(a.remove(USER)).isFalse();
        assertThat(a.toString()).isEqualTo("{}");
    }
}
