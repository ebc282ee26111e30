"""People who use the platform: accounts, roles, passwords, tokens and emergency access."""
