"""The studio's money screens: an artist's Earnings, and the admins' Marketplace (fees, what is owed, payouts)."""
