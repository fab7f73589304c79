$x = 'never closed
