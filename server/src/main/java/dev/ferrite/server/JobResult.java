package dev.ferrite.server;

/**
 * What the model made of one {@link Job}.
 *
 * @param values         the pooled vector ({@code float[hidden]}) or every token's state
 *                       ({@code float[tokens * hidden]}, row-major), as the job asked
 * @param tokens         the job's token count
 * @param queueNanos     time from submission until its batch started computing
 * @param inferenceNanos time its batch took to compute
 */
public record JobResult(float[] values, int tokens, long queueNanos, long inferenceNanos) {
}
