package dev.supadokploy.ops;

import java.util.Optional;

/**
 * Questions an operation may need to ask a person. The CLI answers on a terminal; in scripts and in
 * MCP there is nobody to ask, so both methods return "no answer".
 */
public interface Interaction {
    Interaction NONE = new Interaction() {
        @Override
        public Optional<Boolean> confirm(String question) {
            return Optional.empty();
        }

        @Override
        public Optional<char[]> readSecret(String prompt) {
            return Optional.empty();
        }
    };

    /** Empty when nobody can be asked. */
    Optional<Boolean> confirm(String question);

    /** Empty when nobody can be asked; the answer is not echoed. */
    Optional<char[]> readSecret(String prompt);
}
