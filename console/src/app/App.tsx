import { CssBaseline, ThemeProvider, createTheme } from '@mui/material';
import { QueryClientProvider } from '@tanstack/react-query';
import { Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { queryClient, trpcClient, TRPCProvider } from './trpc.ts';
import { Layout } from './Layout.tsx';
import { BriefingPage, ROUTES } from './routes.tsx';
import { NotFoundPage, PageGuard } from './PageGuard.tsx';

const theme = createTheme({
  // Warning and info darkened from MUI's defaults so white text on them meets WCAG AA (4.5:1).
  palette: {
    primary: { main: '#0b4f9c' },
    secondary: { main: '#c62828' },
    warning: { main: '#b45309' },
    info: { main: '#01579b' },
  },
  typography: {
    fontFamily: '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Helvetica Neue",Arial,sans-serif',
  },
});

export function App() {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <BrowserRouter>
            <Suspense fallback={null}>
              <Routes>
                <Route
                  path="briefing"
                  element={
                    <PageGuard permission="overview.read">
                      <BriefingPage />
                    </PageGuard>
                  }
                />
                <Route element={<Layout />}>
                  {ROUTES.map(({ path, page: Page, permission }) => (
                    <Route
                      key={path}
                      path={path}
                      element={
                        <PageGuard permission={permission}>
                          <Page />
                        </PageGuard>
                      }
                    />
                  ))}
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </TRPCProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
