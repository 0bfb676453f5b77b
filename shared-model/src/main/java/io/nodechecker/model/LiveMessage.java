package io.nodechecker.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A message on a job's live WebSocket. Every kind carries {@code type} so that a client can switch on it.
 */
public sealed interface LiveMessage {

    String type();

    /**
     * Output: chunk {@code seq}, or, for a viewer that fell behind, chunks {@code first} to {@code seq} of
     * one stream joined ({@code first} is absent for a single chunk). Either way the next message starts
     * at {@code seq + 1}.
     */
    @RegisterForReflection
    record Output(String type, long seq, Long first, StreamName stream, String data) implements LiveMessage {
        public static Output of(OutputChunk chunk) {
            return new Output("output", chunk.seq(), null, chunk.stream(), chunk.data());
        }

        public static Output merged(long first, long last, StreamName stream, String data) {
            return new Output("output", last, first, stream, data);
        }
    }

    /** The job moved to another state or phase. */
    @RegisterForReflection
    record State(String type, JobState state, String phase, int attempt) implements LiveMessage {
        public static State of(Job job) {
            String phase = job.phases().isEmpty() ? null : job.phases().get(job.phases().size() - 1).name();
            return new State("state", job.state(), phase, job.attempts());
        }
    }

    /** The final result; the server closes the connection after it. */
    @RegisterForReflection
    record Result(String type, JobState outcome, String reason, Integer exitCode, Job job) implements LiveMessage {
        public static Result of(Job job) {
            return new Result("result", job.outcome(), job.reason(), job.exitCode(), job);
        }
    }
}
