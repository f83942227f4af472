package dev.weft.service.db.pg;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of one query: its rows, each a list of column values in PostgreSQL's text format, and the
 * command tag ({@code SELECT 1}, {@code UPDATE 3}). Columns are addressed by position, from 0, in the order of
 * the statement's select list. Immutable; safe to share once the query's future has completed.
 */
public final class PgRows {
    private final List<byte[][]> rows;
    private final String commandTag;

    PgRows(List<byte[][]> rows, String commandTag) {
        this.rows = rows;
        this.commandTag = commandTag;
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** The command tag the server sent ({@code SELECT 1}, {@code UPDATE 3}, {@code INSERT 0 1}). */
    public String commandTag() {
        return commandTag;
    }

    /** The rows the command affected or returned: the tag's last number, or 0 when it has none. */
    public long affected() {
        int space = commandTag.lastIndexOf(' ');
        if (space < 0) return 0;
        try {
            return Long.parseLong(commandTag, space + 1, commandTag.length(), 10);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether column {@code col} of row {@code row} is SQL NULL. */
    public boolean isNull(int row, int col) {
        return cell(row, col) == null;
    }

    /**
     * Column {@code col} of row {@code row} as an {@code int} (an {@code int2}/{@code int4} column, or any column
     * whose text is a decimal integer in range).
     *
     * @throws IllegalStateException when the value is NULL or not an integer
     */
    public int getInt(int row, int col) {
        long v = getLong(row, col);
        if (v != (int) v) {
            throw new IllegalStateException("row " + row + ", column " + col + ": " + v + " does not fit an int");
        }
        return (int) v;
    }

    /**
     * Column {@code col} of row {@code row} as a {@code long}.
     *
     * @throws IllegalStateException when the value is NULL or not a decimal integer
     */
    public long getLong(int row, int col) {
        byte[] b = cell(row, col);
        if (b == null) throw new IllegalStateException("row " + row + ", column " + col + " is NULL (expected: an integer)");
        int i = 0;
        boolean negative = false;
        if (b.length > 0 && (b[0] == '-' || b[0] == '+')) {
            negative = b[0] == '-';
            i = 1;
        }
        if (i == b.length || b.length - i > 19) throw notInteger(row, col, b);
        long v = 0;
        for (; i < b.length; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) throw notInteger(row, col, b);
            v = v * 10 + d;
            if (v < 0) throw notInteger(row, col, b); // overflow past Long.MAX_VALUE
        }
        return negative ? -v : v;
    }

    /** Column {@code col} of row {@code row} as text (UTF-8, the client encoding this client asks for), or null. */
    public @Nullable String getString(int row, int col) {
        byte[] b = cell(row, col);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private byte @Nullable [] cell(int row, int col) {
        byte[][] r = rows.get(row);
        if (col < 0 || col >= r.length) {
            throw new IndexOutOfBoundsException("column " + col + " (expected: 0.." + (r.length - 1) + ")");
        }
        return r[col];
    }

    private static IllegalStateException notInteger(int row, int col, byte[] b) {
        return new IllegalStateException("row " + row + ", column " + col + ": '"
                + new String(b, StandardCharsets.UTF_8) + "' is not a decimal integer");
    }

    @Override
    public String toString() {
        return "PgRows[" + commandTag + ", " + rows.size() + " rows]";
    }
}
