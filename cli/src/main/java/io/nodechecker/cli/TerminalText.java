package io.nodechecker.cli;

/**
 * What a package printed, made safe for the operator's terminal, one stream at a time (a sequence may be
 * split across chunks). Colours and text styles (SGR, {@code ESC [ … m}) pass; every other escape sequence
 * — cursor moves, screen clears, OSC 52 (clipboard), OSC 8 (links), device strings — and every other
 * control character is dropped, a lone carriage return becomes a new line (it could overwrite a line), and
 * a package's line that starts like Nodechecker's own ({@code > nodechecker:}) is marked as the package's.
 */
final class TerminalText {

    static final String OWN_PREFIX = "> nodechecker:";
    static final String MARK = "(package) ";
    private static final char ESC = 0x1b;
    private static final int MAX_SEQUENCE = 64;

    private enum State { TEXT, ESCAPE, CSI, STRING, STRING_ESCAPE, CARRIAGE_RETURN }

    private final boolean fromPackage;
    private State state = State.TEXT;
    private final StringBuilder sequence = new StringBuilder();
    // The start of a line, held until it is clear whether it begins like Nodechecker's own lines.
    private final StringBuilder lineStart = new StringBuilder();
    private int lineStartVisible;
    private boolean atLineStart = true;

    /** @param fromPackage whether the text is the package's output (stdout, stderr) rather than Nodechecker's lines */
    TerminalText(boolean fromPackage) {
        this.fromPackage = fromPackage;
    }

    /** The safe part of {@code chunk} that can be printed now; what is held back comes with a later chunk. */
    String filter(String chunk) {
        StringBuilder out = new StringBuilder(chunk.length());
        for (int i = 0; i < chunk.length(); i++) {
            accept(chunk.charAt(i), out);
        }
        return out.toString();
    }

    /** What is still held at the end of the stream: the start of a last line that never ended. */
    String flush() {
        StringBuilder out = new StringBuilder();
        flushLineStart(out);
        return out.toString();
    }

    private void accept(char c, StringBuilder out) {
        switch (state) {
            case CARRIAGE_RETURN -> {
                state = State.TEXT;
                newLine(out);
                if (c != '\n') {
                    accept(c, out);
                }
            }
            case ESCAPE -> {
                if (c == '[') {
                    state = State.CSI;
                    sequence.setLength(0);
                } else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
                    state = State.STRING; // OSC, DCS, SOS, PM, APC: dropped up to their terminator
                } else {
                    state = State.TEXT; // a two-character escape: dropped
                }
            }
            case CSI -> {
                if (c >= 0x40 && c <= 0x7e) {
                    if (c == 'm' && sequence.toString().matches("[0-9;:]*")) {
                        visible("\u001b[" + sequence + "m", false, out);
                    }
                    state = State.TEXT;
                } else if (c >= 0x20 && c <= 0x3f && sequence.length() < MAX_SEQUENCE) {
                    sequence.append(c);
                } else {
                    state = State.TEXT; // malformed or too long: dropped
                }
            }
            case STRING -> {
                if (c == 0x07) {
                    state = State.TEXT;
                } else if (c == ESC) {
                    state = State.STRING_ESCAPE;
                }
            }
            case STRING_ESCAPE -> state = c == '\\' ? State.TEXT : State.STRING;
            case TEXT -> text(c, out);
        }
    }

    private void text(char c, StringBuilder out) {
        if (c == ESC) {
            state = State.ESCAPE;
        } else if (c == 0x9b) {
            state = State.CSI; // the one-byte CSI
            sequence.setLength(0);
        } else if (c == 0x9d || c == 0x90) {
            state = State.STRING; // one-byte OSC, DCS
        } else if (c == '\r') {
            state = State.CARRIAGE_RETURN;
        } else if (c == '\n') {
            newLine(out);
        } else if (c == '\t' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f))) {
            visible(String.valueOf(c), true, out);
        }
    }

    private void newLine(StringBuilder out) {
        flushLineStart(out);
        out.append('\n');
        atLineStart = true;
    }

    /** Text to print; at a line's start, held while it may still become {@link #OWN_PREFIX}. */
    private void visible(String text, boolean counts, StringBuilder out) {
        if (!fromPackage || !atLineStart) {
            out.append(text);
            return;
        }
        lineStart.append(text);
        if (counts) {
            lineStartVisible++;
            String seen = withoutStyles(lineStart);
            if (seen.equals(OWN_PREFIX)) {
                out.append(MARK);
                flushLineStart(out);
            } else if (!OWN_PREFIX.startsWith(seen)) {
                flushLineStart(out);
            }
        }
    }

    private void flushLineStart(StringBuilder out) {
        out.append(lineStart);
        lineStart.setLength(0);
        lineStartVisible = 0;
        atLineStart = false;
    }

    private static String withoutStyles(CharSequence text) {
        return text.toString().replaceAll("\u001b\\[[0-9;:]*m", "");
    }
}
