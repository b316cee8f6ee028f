/** Keeps a page's rendering failure inside the page: the navigation stays usable and the error is shown. */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorBox } from './feedback.js';

/** Catches errors thrown while rendering its children; reset it by changing its `key`. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error !== null) return <ErrorBox error={this.state.error} title="This page failed to display" />;
    return this.props.children;
  }
}
