package dev.supadokploy.dokploy;

/**
 * A container of a compose ({@code docker.getContainersByAppNameMatch}), named {@code <appName>-<service>-1}.
 * Dokploy passes Docker's {@code state} and {@code status} through; health is only inside {@code status}.
 */
public record Container(String containerId, String name, String state, String status) {
    public ContainerStatus parsedStatus() {
        return ContainerStatus.parse(state, status);
    }

    /** The compose service this container runs ({@code auth} for {@code abc-auth-1}), or null when not ours. */
    public String service(String appName) {
        String prefix = appName + "-";
        if (name == null || !name.startsWith(prefix)) {
            return null;
        }
        String rest = name.substring(prefix.length());
        int dash = rest.lastIndexOf('-');
        return dash > 0 && rest.substring(dash + 1).chars().allMatch(Character::isDigit)
                ? rest.substring(0, dash)
                : rest;
    }
}
