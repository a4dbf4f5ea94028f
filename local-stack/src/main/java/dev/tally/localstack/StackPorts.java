package dev.tally.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** The loopback ports of one local stack. */
public record StackPorts(int postgres, int kafka, int kafkaController, int connect) {

    /** Replaces every port that is 0 by a distinct port that is free on 127.0.0.1 now. */
    public StackPorts withFreePorts() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            // Hold every probe socket until all are chosen, so that no port is handed out twice.
            return new StackPorts(orFree(postgres, held), orFree(kafka, held), orFree(kafkaController, held), orFree(connect, held));
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Nothing was sent on it; the port is free either way.
                }
            }
        }
    }

    private static int orFree(int port, List<ServerSocket> held) {
        if (port != 0) {
            return port;
        }
        try {
            ServerSocket socket = new ServerSocket();
            held.add(socket);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
