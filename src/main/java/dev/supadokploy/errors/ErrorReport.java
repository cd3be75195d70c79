package dev.supadokploy.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** What an error looks like on the outside (CLI JSON output, MCP tool results). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorReport(String code, String message, String suggestion, Map<String, Object> details) {}
