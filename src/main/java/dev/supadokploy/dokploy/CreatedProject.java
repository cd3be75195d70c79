package dev.supadokploy.dokploy;

/**
 * What {@code project.create} gives back: from v0.25 {@code {project, environment}} with the default
 * {@code production} environment; before that the project alone ({@code environment} is then null).
 */
public record CreatedProject(Project project, Environment environment) {}
