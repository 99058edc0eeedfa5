"""Revenue metrics over the subscription history: ARR over time, movement, NRR/GRR, cohorts, renewals."""
