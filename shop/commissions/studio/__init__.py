"""The studio's Commissions section: artists answer the requests they received; admins read every one."""
