package dev.ferrite.server;

import static dev.ferrite.server.RawHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The kernel's TCP table read back: fixed lines in both byte orders, then live loopback connections. */
class TcpTableTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @Test
    void parsesIpv4AndIpv6LinesInTheHostsByteOrder() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        InetAddress ten = InetAddress.getByName("10.1.2.3");
        InetAddress v6 = InetAddress.getByName("::1");
        TcpTable.Connection a = new TcpTable.Connection(loopback, 8080, loopback, 50000);
        TcpTable.Connection mapped = new TcpTable.Connection(loopback, 8080, ten, 40000);
        TcpTable.Connection six = new TcpTable.Connection(v6, 8080, v6, 40001);
        TcpTable.Connection absent = new TcpTable.Connection(loopback, 8080, loopback, 50001);
        String ipv4 = HEADER
                + "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  0  0 1473 1 0 100 0 0 10 0\n"
                + "   1: 0100007F:1F90 0100007F:C350 08 00000000:00000000 00:00000000 00000000  0  0 1474 1 0 20 4 30 10 -1\n";
        String ipv6 = HEADER
                + "   0: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000302010A:9C40 01 0:0 00:0 0 0 0 1\n"
                + "   1: 00000000000000000000000001000000:1F90 00000000000000000000000001000000:9C41 01 0:0 00:0 0 0 0 1\n"
                + "   2: garbage\n";
        Map<TcpTable.Connection, Integer> out = new HashMap<>();
        Set<TcpTable.Connection> wanted = Set.of(a, mapped, six, absent);
        TcpTable.parse(new BufferedReader(new StringReader(ipv4)), ByteOrder.LITTLE_ENDIAN, wanted, out);
        TcpTable.parse(new BufferedReader(new StringReader(ipv6)), ByteOrder.LITTLE_ENDIAN, wanted, out);
        assertThat(out).containsExactlyInAnyOrderEntriesOf(Map.of(a, TcpTable.CLOSE_WAIT, mapped, TcpTable.ESTABLISHED,
                six, TcpTable.ESTABLISHED));

        assertThat(TcpTable.address("7F000001", ByteOrder.BIG_ENDIAN)).isEqualTo(loopback);
        assertThat(TcpTable.address("00000000000000000000000000000001", ByteOrder.BIG_ENDIAN)).isEqualTo(v6);
        assertThat(TcpTable.connection("0100007F", "0100007F:C350", ByteOrder.LITTLE_ENDIAN)).isNull();
    }

    @Test
    void followsALiveConnectionThroughCloseAndReset() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(TcpTable.FILES.getFirst()), "Linux only: no " + TcpTable.FILES.getFirst());
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            for (boolean reset : new boolean[] {false, true}) {
                Socket client = new Socket();
                client.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()));
                try (Socket accepted = listener.accept()) {
                    TcpTable.Connection c = TcpTable.Connection.of(accepted.getLocalSocketAddress(), accepted.getRemoteSocketAddress());
                    assertThat(TcpTable.states(TcpTable.FILES, Set.of(c))).containsEntry(c, TcpTable.ESTABLISHED);
                    if (reset) {
                        client.setSoLinger(true, 0);
                    }
                    client.close();
                    if (reset) {
                        await("the reset connection leaves the table", () -> !states(c).containsKey(c));
                    } else {
                        await("the closed connection is in close-wait", () -> Integer.valueOf(TcpTable.CLOSE_WAIT).equals(states(c).get(c)));
                    }
                }
            }
        }
    }

    private static Map<TcpTable.Connection, Integer> states(TcpTable.Connection c) {
        try {
            return TcpTable.states(TcpTable.FILES, Set.of(c));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
