package org.atoll.kernel.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.atoll.kernel.internal.validate.Names;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalNodeTest {

    @ParameterizedTest
    @CsvSource({"s1,s1", "Web-Server.example.org,web-server", "1host,n-1host", "a_b_c,a-b-c", "--x--,x", "'',n"})
    void hostNamesBecomeValidNodeNames(String host, String expected) {
        assertEquals(expected, LocalNode.sanitize(host));
        assertNull(Names.name(LocalNode.sanitize(host)));
    }
}
