"""Pure domain logic above the catalog: the method selector, the answer check, evaluation
analysis (pandas only), the exercise checks and the sealing of private reflections."""
