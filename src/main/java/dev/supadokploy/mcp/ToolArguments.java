package dev.supadokploy.mcp;

import dev.supadokploy.errors.ErrorCode;
import dev.supadokploy.errors.SupaException;
import dev.supadokploy.ops.InputField;
import dev.supadokploy.ops.Operation;
import dev.supadokploy.util.Json;
import dev.supadokploy.util.Lines;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binds a tools/call's JSON arguments to an operation's input record. Checks JSON types strictly before
 * converting, because Jackson's conversion alone is lenient in ways an agent must not rely on (it turns
 * 5.7 into 5 and 42 into "42"); unknown names and wrong types become VALIDATION_INVALID_INPUT.
 */
final class ToolArguments<I extends Record> {
    private final Operation<I, ?> operation;
    private final Map<String, InputField> fields = new LinkedHashMap<>();

    /** An input record and whether the agent confirmed a destructive call. */
    record Bound<I>(I input, boolean confirm) {}

    ToolArguments(Operation<I, ?> operation) {
        this.operation = operation;
        for (InputField f : InputField.of(operation.inputType())) {
            fields.put(f.name(), f);
        }
    }

    Bound<I> bind(Map<String, Object> arguments) {
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        String tool = operation.info().toolName();
        boolean destructive = operation.info().destructive();
        Map<String, Object> values = new LinkedHashMap<>();
        boolean confirm = false;
        for (Map.Entry<String, Object> e : args.entrySet()) {
            String name = e.getKey();
            Object value = e.getValue();
            if (destructive && ToolSchemas.CONFIRM.equals(name)) {
                if (value != null && !(value instanceof Boolean)) {
                    throw wrongType(tool, name, "a boolean", value, false);
                }
                confirm = Boolean.TRUE.equals(value);
                continue;
            }
            InputField field = fields.get(name);
            if (field == null) {
                throw SupaException.invalidInput(
                        "Unknown argument '" + name + "' for tool " + tool,
                        "Known arguments: " + String.join(", ", known()) + ".");
            }
            if (value == null) {
                continue; // JSON null means "not given", as an absent argument does
            }
            if (SecretReferences.acceptsReference(field) && SecretReferences.isReference(value)) {
                throw SupaException.invalidInput(
                        "Argument '" + name + "' of tool " + tool
                                + " is a reference (env:, file: or -), which the MCP server does not resolve for agents",
                        "Pass the value itself, or name an instance from the server's config.toml with the 'instance' argument; "
                                + "the operator keeps credentials there.");
            }
            values.put(name, convert(tool, name, field.type(), value, field.secret()));
        }
        for (InputField f : fields.values()) {
            if (f.required() && values.get(f.name()) == null) {
                throw new SupaException(
                        ErrorCode.VALIDATION_MISSING_INPUT,
                        "Tool " + tool + " needs the argument '" + f.name() + "'",
                        "Add \"" + f.name() + "\": " + f.description() + ".");
            }
        }
        return new Bound<>(InputField.instantiate(operation.inputType(), values), confirm);
    }

    private List<String> known() {
        List<String> names = new ArrayList<>(new TreeSet<>(fields.keySet()));
        if (operation.info().destructive()) {
            names.add(ToolSchemas.CONFIRM);
        }
        return names;
    }

    /** Checks the JSON type of {@code value} against what {@link ToolSchemas} promised, then converts it. */
    static Object convert(String tool, String name, Type type, Object value, boolean secret) {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            if (!(value instanceof String)) {
                throw wrongType(tool, name, "a string", value, secret);
            }
            return value;
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            BigInteger n = integral(value);
            if (n == null) {
                throw wrongType(tool, name, "an integer", value, secret);
            }
            boolean isInt = raw == Integer.class || raw == int.class;
            BigInteger min = BigInteger.valueOf(isInt ? Integer.MIN_VALUE : Long.MIN_VALUE);
            BigInteger max = BigInteger.valueOf(isInt ? Integer.MAX_VALUE : Long.MAX_VALUE);
            if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
                throw SupaException.invalidInput(
                        "Argument '" + name + "' of tool " + tool + " is out of range: " + n,
                        "Use an integer between " + min + " and " + max + ".");
            }
            return isInt ? (Object) n.intValue() : (Object) n.longValue();
        }
        if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            if (!(value instanceof Number number)) {
                throw wrongType(tool, name, "a number", value, secret);
            }
            return raw == Float.class || raw == float.class
                    ? (Object) number.floatValue()
                    : (Object) number.doubleValue();
        }
        if (raw == Boolean.class || raw == boolean.class) {
            if (!(value instanceof Boolean)) {
                throw wrongType(tool, name, "a boolean (true or false)", value, secret);
            }
            return value;
        }
        if (raw.isEnum()) {
            List<String> allowed = enumNames(raw);
            if (!(value instanceof String s) || !allowed.contains(s)) {
                throw SupaException.invalidInput(
                        "Argument '" + name + "' of tool " + tool + " must be one of " + String.join(", ", allowed)
                                + ", not " + show(value, secret),
                        "Pick one of the listed values.");
            }
            return Json.MAPPER.convertValue(s, raw);
        }
        if (List.class.isAssignableFrom(raw)) {
            if (!(value instanceof List<?> list)) {
                throw wrongType(tool, name, "an array", value, secret);
            }
            Type element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            List<Object> converted = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) == null) {
                    throw wrongType(tool, name + "[" + i + "]", "a value", null, secret);
                }
                converted.add(convert(tool, name + "[" + i + "]", element, list.get(i), secret));
            }
            return List.copyOf(converted);
        }
        try {
            return Json.MAPPER.convertValue(value, Json.MAPPER.getTypeFactory().constructType(type));
        } catch (IllegalArgumentException e) {
            throw SupaException.invalidInput(
                    "Argument '" + name + "' of tool " + tool + " has the wrong shape: " + Lines.first(e.getMessage()),
                    "See the tool's inputSchema for the expected JSON.");
        }
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /** The value as an integer if it is one (JSON Schema counts 5.0 as an integer), else null. */
    private static BigInteger integral(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigInteger.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger b) {
            return b;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            BigDecimal d = value instanceof BigDecimal bd ? bd : BigDecimal.valueOf(((Number) value).doubleValue());
            try {
                return d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static List<String> enumNames(Class<?> enumType) {
        List<String> names = new ArrayList<>();
        for (Object constant : enumType.getEnumConstants()) {
            names.add(Json.MAPPER.convertValue(constant, String.class));
        }
        return names;
    }

    private static SupaException wrongType(String tool, String name, String expected, Object value, boolean secret) {
        return SupaException.invalidInput(
                "Argument '" + name + "' of tool " + tool + " must be " + expected + ", not " + show(value, secret),
                "See the tool's inputSchema for each argument's type.");
    }

    /**
     * Names the JSON type of a value for a message, with the value itself unless it is a secret; strings are
     * cut short (they may be long SQL).
     */
    private static String show(Object value, boolean secret) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            return secret ? "a string" : "the string \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
        }
        if (value instanceof Boolean) {
            return secret ? "a boolean" : "the boolean " + value;
        }
        if (value instanceof Number) {
            return secret ? "a number" : "the number " + value;
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return value.getClass().getSimpleName();
    }
}
