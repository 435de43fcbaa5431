package org.accountstream.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the shard ids of a horizon, in order, against a template (DESIGN §5). Ids of one feed
 * share their shape ({@code shardId-000000001234}, {@code shardId-00000001700000000000-1a2b3c4d}):
 * text, then runs of digits. An id is cut into runs: a maximal run of lowercase hex characters of
 * at most {@value #MAX_DIGITS} that holds a digit is a number (decimal when it is all digits, hex
 * otherwise), everything else is text. The template is the runs of the last id written in full;
 * an id with the same texts and numbers of the same widths (a decimal run also fits a hex slot)
 * is written as its numbers only: a decimal number as the difference from the previous id's (ids
 * are sorted, so counters and creation times differ little), a hex number packed in full (random
 * in practice). Any other id is written in full and becomes the template.
 *
 * <p>One instance writes or reads one horizon; reader and writer keep the same template.
 */
final class ShardIdTemplate {

    static final int MAX_DIGITS = 64;
    /** Bytes of a zigzagged difference of two numbers of {@value #MAX_DIGITS} digits, with room. */
    private static final int MAX_DIFFERENCE_BYTES = 40;

    private enum Kind { TEXT, DECIMAL, HEX }

    private record Run(Kind kind, String text) {
        int radix() {
            return kind == Kind.HEX ? 16 : 10;
        }
    }

    private List<Run> template = List.of();
    /** The previous id's numbers, by run index of the template; null at text runs. */
    private BigInteger[] previous = new BigInteger[0];

    boolean fits(String id) {
        return numbersInTemplate(id) != null;
    }

    void writeTemplated(CompactWriter out, String id) {
        BigInteger[] numbers = numbersInTemplate(id);
        if (numbers == null) {
            throw new IllegalArgumentException(id + " does not fit the template");
        }
        for (int i = 0; i < template.size(); i++) {
            Run slot = template.get(i);
            if (slot.kind() == Kind.DECIMAL) {
                out.writeSignedBigVarint(numbers[i].subtract(previous[i]));
            } else if (slot.kind() == Kind.HEX) {
                out.writePackedDigits(pad(numbers[i].toString(16), slot.text().length()), 16);
            }
        }
        previous = numbers;
    }

    void writeFull(CompactWriter out, String id) {
        List<Run> runs = cut(id);
        out.writeVarint(runs.size());
        for (Run run : runs) {
            out.writeByte(run.kind().ordinal());
            if (run.kind() == Kind.TEXT) {
                out.writeString(run.text());
            } else {
                out.writeVarint(run.text().length());
                out.writePackedDigits(run.text(), run.radix());
            }
        }
        adopt(runs);
    }

    String readTemplated(CompactReader in) {
        StringBuilder id = new StringBuilder();
        BigInteger[] numbers = new BigInteger[template.size()];
        for (int i = 0; i < template.size(); i++) {
            Run slot = template.get(i);
            String text = switch (slot.kind()) {
                case TEXT -> slot.text();
                case DECIMAL -> {
                    BigInteger number = previous[i].add(in.readSignedBigVarint(MAX_DIFFERENCE_BYTES));
                    String digits = number.toString();
                    if (number.signum() < 0 || digits.length() > slot.text().length()) {
                        throw new MalformedTokenException("number outside its " + slot.text().length() + " digits");
                    }
                    yield pad(digits, slot.text().length());
                }
                case HEX -> in.readPackedDigits(slot.text().length(), 16);
            };
            numbers[i] = slot.kind() == Kind.TEXT ? null : new BigInteger(text, slot.radix());
            id.append(text);
        }
        previous = numbers;
        return id.toString();
    }

    String readFull(CompactReader in) {
        int count = in.readCount();
        List<Run> runs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = in.readByte();
            if (kind == Kind.TEXT.ordinal()) {
                runs.add(new Run(Kind.TEXT, in.readString()));
            } else if (kind == Kind.DECIMAL.ordinal() || kind == Kind.HEX.ordinal()) {
                int width = in.readVarint();
                if (width < 1 || width > MAX_DIGITS) {
                    throw new MalformedTokenException("number run of " + width + " digits");
                }
                int radix = kind == Kind.HEX.ordinal() ? 16 : 10;
                runs.add(new Run(Kind.values()[kind], in.readPackedDigits(width, radix)));
            } else {
                throw new MalformedTokenException("unknown run kind " + kind);
            }
        }
        adopt(runs);
        return String.join("", runs.stream().map(Run::text).toList());
    }

    private void adopt(List<Run> runs) {
        template = runs;
        previous = runs.stream().map(run -> run.kind() == Kind.TEXT ? null : new BigInteger(run.text(), run.radix()))
                .toArray(BigInteger[]::new);
    }

    /** The numbers of {@code id} read in the template's slots, or null when it does not fit. */
    private BigInteger[] numbersInTemplate(String id) {
        List<Run> runs = cut(id);
        if (runs.size() != template.size()) {
            return null;
        }
        BigInteger[] numbers = new BigInteger[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            Run slot = template.get(i);
            boolean fits = switch (slot.kind()) {
                case TEXT -> run.equals(slot);
                case DECIMAL -> run.kind() == Kind.DECIMAL && run.text().length() == slot.text().length();
                case HEX -> run.kind() != Kind.TEXT && run.text().length() == slot.text().length();
            };
            if (!fits) {
                return null;
            }
            numbers[i] = slot.kind() == Kind.TEXT ? null : new BigInteger(run.text(), slot.radix());
        }
        return numbers;
    }

    private static List<Run> cut(String id) {
        List<Run> runs = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int start = 0;
        while (start < id.length()) {
            int end = start;
            while (end < id.length() && isLowerHex(id.charAt(end))) {
                end++;
            }
            if (end == start) {
                text.append(id.charAt(start++));
                continue;
            }
            String run = id.substring(start, end);
            Kind kind = numberKind(run);
            if (kind == Kind.TEXT) {
                text.append(run);
            } else {
                if (!text.isEmpty()) {
                    runs.add(new Run(Kind.TEXT, text.toString()));
                    text.setLength(0);
                }
                runs.add(new Run(kind, run));
            }
            start = end;
        }
        if (!text.isEmpty()) {
            runs.add(new Run(Kind.TEXT, text.toString()));
        }
        return runs;
    }

    private static Kind numberKind(String run) {
        if (run.length() > MAX_DIGITS || run.chars().noneMatch(ShardIdTemplate::isDigit)) {
            return Kind.TEXT;
        }
        return run.chars().allMatch(ShardIdTemplate::isDigit) ? Kind.DECIMAL : Kind.HEX;
    }

    private static boolean isLowerHex(int c) {
        return isDigit(c) || c >= 'a' && c <= 'f';
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static String pad(String digits, int width) {
        return "0".repeat(width - digits.length()) + digits;
    }
}
