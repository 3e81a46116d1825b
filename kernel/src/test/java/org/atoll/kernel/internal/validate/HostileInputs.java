package org.atoll.kernel.internal.validate;

import java.util.List;

/** Values that must never get through an allow-list into a key, a config or a process. */
public final class HostileInputs {

    private HostileInputs() {
    }

    public static final List<String> CORPUS = List.of(
            "",
            " ",
            "a\nb",
            "a\r\nb",
            "a\u2028b",
            "a\u2029b",
            "a\0b",
            "a{b}",
            "a;b",
            "a\"b",
            "a'b",
            "a#b",
            "a b",
            "a`id`",
            "$(id)",
            "${jndi:ldap://x}",
            "load_module /tmp/x.so",
            "ssl_engine x",
            "include /etc/passwd",
            "../../etc/passwd",
            "/etc/../etc/passwd",
            "a\\b",
            "A".repeat(64 * 1024),
            "-rf",
            "--help",
            "\u202eevil",
            "é");
}
