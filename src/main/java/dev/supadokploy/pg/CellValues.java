package dev.supadokploy.pg;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.supadokploy.util.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One result cell as a JSON value. Numbers stay JSON numbers as long as every JSON reader gets them
 * back exactly, including JavaScript, which reads every number as a double: int2/int4 always, int8
 * within ±2^53, numeric with at most 15 significant digits, float4/float8 when finite. Anything wider
 * (a bigint id beyond 2^53, a numeric(30,10) amount), NaN and Infinity come as a string holding
 * PostgreSQL's exact text, so no value is ever silently rounded. bool is a boolean, json/jsonb the
 * parsed document (its numbers kept exact), bytea {@code \x}-prefixed hex whatever bytea_output says,
 * NULL is null, and every other type is PostgreSQL's text form.
 */
public final class CellValues {
    /** 2^53: the largest integer range a double holds exactly. */
    private static final long MAX_EXACT_DOUBLE_INTEGER = 1L << 53;

    private static final int MAX_EXACT_DOUBLE_DIGITS = 15;
    private static final ObjectReader JSON_READER = Json.MAPPER
            .reader()
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CellValues() {}

    /**
     * Loads this class (and Jackson with it) ahead of time. Called before a query's clock starts: in a
     * fresh JVM that first use costs a few hundred milliseconds, which are not the query's.
     */
    static void load() {
        // class initialisation is the point
    }

    /** @param type the column's type name as ResultSetMetaData.getColumnTypeName reports it */
    public static JsonNode read(ResultSet rs, int column, String type) throws SQLException {
        switch (type) {
            case "bool": {
                boolean b = rs.getBoolean(column);
                return rs.wasNull() ? NullNode.instance : BooleanNode.valueOf(b);
            }
            case "int2":
            case "int4": {
                int i = rs.getInt(column);
                return rs.wasNull() ? NullNode.instance : IntNode.valueOf(i);
            }
            case "int8":
            case "oid": {
                long l = rs.getLong(column);
                if (rs.wasNull()) {
                    return NullNode.instance;
                }
                return Math.abs(l) <= MAX_EXACT_DOUBLE_INTEGER
                        ? LongNode.valueOf(l)
                        : TextNode.valueOf(Long.toString(l));
            }
            case "float4":
            case "float8": {
                // The text form, not getDouble: a float4 0.1 widened to double would print 0.10000000149011612.
                String s = rs.getString(column);
                if (s == null) {
                    return NullNode.instance;
                }
                double d = Double.parseDouble(s);
                return Double.isFinite(d) ? DoubleNode.valueOf(d) : TextNode.valueOf(s);
            }
            case "numeric": {
                String s = rs.getString(column);
                if (s == null) {
                    return NullNode.instance;
                }
                if (s.equals("NaN") || s.endsWith("Infinity")) {
                    return TextNode.valueOf(s);
                }
                BigDecimal d = new BigDecimal(s);
                return d.precision() <= MAX_EXACT_DOUBLE_DIGITS ? DecimalNode.valueOf(d) : TextNode.valueOf(s);
            }
            case "json":
            case "jsonb": {
                String s = rs.getString(column);
                if (s == null) {
                    return NullNode.instance;
                }
                try {
                    return JSON_READER.readTree(s);
                } catch (IOException e) {
                    return TextNode.valueOf(s); // the server only sends valid JSON; keep the text if not
                }
            }
            case "bytea": {
                byte[] bytes = rs.getBytes(column);
                return bytes == null ? NullNode.instance : TextNode.valueOf(hex(bytes));
            }
            default: {
                String s = rs.getString(column);
                return s == null ? NullNode.instance : TextNode.valueOf(s);
            }
        }
    }

    /** The text a person or a CSV file sees: strings as they are, everything else as compact JSON, NULL as null. */
    public static String display(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toPlainString();
        }
        return value.isValueNode() ? value.asText() : Json.write(value);
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[2 + bytes.length * 2];
        out[0] = '\\';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + 2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[3 + 2 * i] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
