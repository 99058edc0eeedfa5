"""Churn risk and lifetime value per account: trained model versions, their backtests and scores."""
