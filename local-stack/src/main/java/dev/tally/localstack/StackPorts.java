package dev.tally.localstack;

import java.util.Iterator;

/** The loopback ports of one local stack. */
public record StackPorts(int postgres, int kafka, int kafkaController, int connect) {

    /** Replaces every port that is 0 by a distinct port that is free on 127.0.0.1 now. */
    public StackPorts withFreePorts() {
        Iterator<Integer> free = FreePorts.pick(4).iterator();
        int p = postgres != 0 ? postgres : free.next();
        int k = kafka != 0 ? kafka : free.next();
        int c = kafkaController != 0 ? kafkaController : free.next();
        return new StackPorts(p, k, c, connect != 0 ? connect : free.next());
    }
}
