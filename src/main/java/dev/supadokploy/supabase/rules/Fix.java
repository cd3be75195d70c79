package dev.supadokploy.supabase.rules;

import com.fasterxml.jackson.annotation.JsonClassDescription;

/**
 * How to resolve a finding: an exact change to the env file or a step for the operator. Never holds a
 * secret value: generated values are described ({@code <32 random letters and digits>}), not shown.
 *
 * @param remedy  what {@code --fix} does about it ({@code manual}: nothing, the operator decides)
 * @param action  the change or step, e.g. {@code SET VAULT_ENC_KEY=<32 random letters and digits>}
 * @param command the command that applies it, when one does
 */
@JsonClassDescription("How to resolve a finding: the env change or step, and the command that applies it when one does")
public record Fix(Remedy remedy, String action, String command) {

    public static Fix manual(String action) {
        return new Fix(Remedy.manual, action, null);
    }

    public boolean automatic() {
        return remedy != Remedy.manual;
    }
}
