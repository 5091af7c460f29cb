package dev.ferrite.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linux's table of TCP sockets, as the kernel prints it in {@code /proc/net/tcp} (IPv4) and
 * {@code /proc/net/tcp6} (IPv6): the state each connection of interest is in, read without touching
 * the sockets themselves. The table is that of the process's network namespace, so it is also right
 * inside a container.
 *
 * <p>The format (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c): a header line, then one line per socket,
 * {@code "sl: LOCAL REMOTE ST ..."}, where an endpoint is {@code ADDR:PORT} in hex: {@code ADDR} is the
 * address's 32-bit words (one for IPv4, four for IPv6), each printed as a number in the host's byte
 * order, {@code PORT} a plain 16-bit number, and {@code ST} the state (include/net/tcp_states.h:
 * 01 established, 08 close-wait: the peer has sent its FIN).
 */
final class TcpTable {
    /** {@code TCP_ESTABLISHED}: both ends open. */
    static final int ESTABLISHED = 0x01;
    /** {@code TCP_CLOSE_WAIT}: the peer has closed its side (sent a FIN); ours is still open. */
    static final int CLOSE_WAIT = 0x08;
    /** Where the kernel prints the table. */
    static final List<Path> FILES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private TcpTable() {
    }

    /**
     * One TCP connection as the server sees it: its own address and port, the client's. IPv4 clients
     * of an IPv6 socket are written with their IPv4 address, as Java reports them.
     */
    record Connection(InetAddress localAddress, int localPort, InetAddress remoteAddress, int remotePort) {
        /** The connection between these endpoints; null unless both are resolved IP socket addresses. */
        static Connection of(SocketAddress local, SocketAddress remote) {
            if (local instanceof InetSocketAddress l && remote instanceof InetSocketAddress r
                    && l.getAddress() != null && r.getAddress() != null) {
                return new Connection(l.getAddress(), l.getPort(), r.getAddress(), r.getPort());
            }
            return null;
        }
    }

    /**
     * The states of those {@code wanted} connections the files list; a connection absent from the
     * result is in none of them (the kernel forgets a connection reset by its peer). A file that does
     * not exist (no IPv6) is skipped.
     */
    static Map<Connection, Integer> states(List<Path> files, Set<Connection> wanted) throws IOException {
        Map<Connection, Integer> out = new HashMap<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
                parse(in, ByteOrder.nativeOrder(), wanted, out);
            } catch (NoSuchFileException e) {
                // no such table (IPv6 disabled): no connection of that family
            }
        }
        return out;
    }

    /** Reads a table's lines, adding the state of each wanted connection to {@code out}. */
    static void parse(BufferedReader in, ByteOrder order, Set<Connection> wanted, Map<Connection, Integer> out) throws IOException {
        String header = in.readLine();
        if (header == null) {
            return;
        }
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.trim().split("\\s+", 5);
            if (f.length < 4) {
                continue;
            }
            Connection c = connection(f[1], f[2], order);
            if (c != null && wanted.contains(c)) {
                out.put(c, Integer.parseInt(f[3], 16));
            }
        }
    }

    /** The connection of a line's two endpoints; null when they do not parse (such a line is skipped). */
    static Connection connection(String local, String remote, ByteOrder order) {
        int l = local.indexOf(':');
        int r = remote.indexOf(':');
        if (l < 0 || r < 0) {
            return null;
        }
        try {
            return new Connection(address(local.substring(0, l), order), Integer.parseInt(local.substring(l + 1), 16),
                    address(remote.substring(0, r), order), Integer.parseInt(remote.substring(r + 1), 16));
        } catch (NumberFormatException | UnknownHostException e) {
            return null;
        }
    }

    /** An address written as 32-bit words in {@code order}; an IPv4-mapped IPv6 address comes back as IPv4. */
    static InetAddress address(String hex, ByteOrder order) throws UnknownHostException {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new UnknownHostException("not a /proc/net/tcp address: " + hex);
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int w = 0; w < bytes.length / 4; w++) {
            int word = Integer.parseUnsignedInt(hex, 8 * w, 8 * w + 8, 16);
            if (order == ByteOrder.LITTLE_ENDIAN) {
                word = Integer.reverseBytes(word);
            }
            bytes[4 * w] = (byte) (word >>> 24);
            bytes[4 * w + 1] = (byte) (word >>> 16);
            bytes[4 * w + 2] = (byte) (word >>> 8);
            bytes[4 * w + 3] = (byte) word;
        }
        return InetAddress.getByAddress(bytes);
    }
}
