package dev.supadokploy.cli;

import dev.supadokploy.ops.InputField;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option help written once: an option that declares no {@code description} shows the {@code @Doc} of the input record
 * component it sets, the one the MCP schema shows. The link is the name rule the catalog test holds: {@code --create-tables}
 * sets {@code createTables} (nested records flattened, as {@link InputField} does). Options whose CLI text differs on
 * purpose ({@code --truncate}'s "--yes in scripts", {@code --password-file}, {@code --output}) keep their own.
 *
 * <p>Picocli reads an option's description from the command's resource bundle first, under the option's name without
 * dashes; the bundle made here holds only the options with no text of their own. Only the commands the arguments name
 * are built in full, so only their input records are read.
 */
public final class OptionHelp {
    private OptionHelp() {}

    /** Gives every operation command below {@code line} (itself included) its options' help from its input record. */
    public static void apply(CommandLine line) {
        if (line.getCommand() instanceof OperationCommand<?, ?> command) {
            apply(line.getCommandSpec(), inputType(command.getClass()));
        }
        for (CommandLine sub : line.getSubcommands().values()) {
            apply(sub);
        }
    }

    private static void apply(CommandSpec spec, Class<? extends Record> inputType) {
        List<InputField> fields = InputField.of(inputType);
        Map<String, String> docs = new LinkedHashMap<>();
        for (InputField field : fields) {
            if (!field.description().isEmpty()) {
                docs.put(field.kebabOption().substring(2), sentence(optionNames(field.description(), fields)));
            }
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.description().length > 0) {
                continue; // CLI text of its own
            }
            for (String name : option.names()) {
                String doc = docs.get(name.replaceFirst("^-+", ""));
                if (doc != null) {
                    for (String each : option.names()) {
                        texts.put(each.replaceFirst("^-+", ""), doc);
                    }
                }
            }
        }
        if (!texts.isEmpty()) {
            spec.resourceBundle(new Texts(texts));
        }
    }

    /**
     * The record's text names its other inputs as MCP does ({@code createTables}); the CLI shows their options
     * ({@code --create-tables}). One-word names ({@code fix}) are also plain words, so they stay as written.
     */
    static String optionNames(String doc, List<InputField> fields) {
        for (InputField field : fields) {
            if (!field.name().equals(field.name().toLowerCase(Locale.ROOT))) {
                doc = doc.replaceAll("(?<![-\\w])" + field.name() + "\\b", field.kebabOption());
            }
        }
        return doc;
    }

    /** The record help reads as a phrase (MCP style); CLI help is sentences. */
    private static String sentence(String doc) {
        return doc.endsWith(".") ? doc : doc + ".";
    }

    /** The input record of {@code OperationCommand<I, R>}, from the command class's declaration. */
    @SuppressWarnings("unchecked")
    static Class<? extends Record> inputType(Class<?> commandClass) {
        for (Class<?> c = commandClass; c != null; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType p && p.getRawType() == OperationCommand.class) {
                Type input = p.getActualTypeArguments()[0];
                return (Class<? extends Record>) input;
            }
        }
        throw new IllegalStateException(commandClass.getName() + " does not extend OperationCommand<I, R>");
    }

    /** A resource bundle over a map: picocli looks option descriptions up by name. */
    private static final class Texts extends ResourceBundle {
        private final Map<String, String> texts;

        Texts(Map<String, String> texts) {
            this.texts = texts;
        }

        @Override
        protected Object handleGetObject(String key) {
            return texts.get(key);
        }

        @Override
        public Enumeration<String> getKeys() {
            return Collections.enumeration(texts.keySet());
        }
    }
}
