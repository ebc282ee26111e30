"""The core of the EXIT Finland casework platform: the log, the vault, projections and the plugin host."""
