package org.accountstream.domain;

import java.io.IOException;

/**
 * One layout of a token (DESIGN §5): its version byte, then its payload. {@link TokenCodec} signs
 * what {@link #write} makes and picks the format to {@link #parse} with by that first byte.
 */
interface TokenFormat {

    int version();

    /** The version byte, then the payload. */
    byte[] write(ContinuationToken token);

    /**
     * The token {@link #write} made {@code written} of. Throws IOException or a RuntimeException
     * when it is no token of this format.
     */
    ContinuationToken parse(byte[] written) throws IOException;
}
