/**
 * Deploying a Supabase compose and waiting until {@code MonitorHealthOperation} calls it healthy, for the groups that
 * change a running stack ({@code deploy setup}, {@code keys regenerate}, {@code validate config --fix},
 * {@code instances promote}). It sits above the monitor group because it runs that group's assessment.
 */
package dev.supadokploy.ops.rollout;
