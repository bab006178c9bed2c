"""Operations constructs: threat detection, audit and admin access (issue 11, point 4)."""
