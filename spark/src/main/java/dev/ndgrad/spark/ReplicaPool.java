package dev.ndgrad.spark;

import dev.ndgrad.nn.Module;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The replicas an executor JVM keeps between steps, so that a step costs a copy of the parameters into a replica
 * rather than building the model anew. A task borrows a replica for its run (concurrent tasks get different ones,
 * as modules are not thread-safe) and gives it back. Only the most recent few runs are kept: a JVM that served
 * an old run does not hold its replicas forever.
 */
final class ReplicaPool {

    private static final int RUNS_KEPT = 4;

    /** Run id → idle replicas; access order, so the eldest entry is the run least recently used. */
    private static final Map<String, Deque<Module>> IDLE = new LinkedHashMap<>(8, 0.75f, true);

    private ReplicaPool() {}

    /** An idle replica of the run, or a new one built by its factory, converted to its dtype and checked. */
    static Module borrow(WorkerSetup setup) {
        synchronized (IDLE) {
            Deque<Module> idle = IDLE.get(setup.runId());
            if (idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
        }
        Module replica = setup.factory().create();
        if (replica == null) {
            throw new IllegalStateException("SparkTrainer: the model factory returned null");
        }
        replica.to(setup.layout().dtype());
        setup.layout().check(replica);
        return replica;
    }

    /** Returns a replica for later tasks of the run. */
    static void giveBack(String runId, Module replica) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(runId, id -> new ArrayDeque<>()).push(replica);
            Iterator<String> eldest = IDLE.keySet().iterator();
            while (IDLE.size() > RUNS_KEPT) {
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** Drops the run's replicas (in this JVM). */
    static void forget(String runId) {
        synchronized (IDLE) {
            IDLE.remove(runId);
        }
    }
}
