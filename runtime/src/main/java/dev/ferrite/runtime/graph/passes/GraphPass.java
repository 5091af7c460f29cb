package dev.ferrite.runtime.graph.passes;

import dev.ferrite.runtime.graph.Graph;

/**
 * One named rewrite of a graph into an equivalent graph. A pass that finds nothing to do returns
 * the graph it was given; a pattern that does not match exactly is left alone, so the result is
 * never wrong, only less optimized.
 */
public interface GraphPass {
    /** The pass's name, for listings and for finding a bad rewrite by running passes one at a time. */
    String name();

    Graph apply(Graph graph);
}
